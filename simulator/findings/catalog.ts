/**
 * What the simulated scanners can find: real Semgrep rule ids, real CVEs of the packages CWIQ's Python
 * backends and Node UI use, Dockerfile checks and secret rules as Trivy names them. Versions are the
 * ones the advisories name, so a finding reads like one from a real report.
 */

import type { SimSeverity } from "./types";

export type Ecosystem = "python" | "node";

export interface CodeRule {
  ruleId: string;
  severity: SimSeverity;
  title: string;
  cwe: string;
  /** Files of the ecosystem's code base the rule can match in. */
  files: readonly string[];
}

export interface PackageVuln {
  /** CVE or GHSA id. */
  id: string;
  packageName: string;
  installedVersion: string;
  /** null: no fixed version published yet. */
  fixedVersion: string | null;
  severity: SimSeverity;
  title: string;
  cwe: string;
}

export interface ConfigCheck {
  /** Trivy's short id (DS002) and its AVD id. */
  id: string;
  avdId: string;
  severity: SimSeverity;
  title: string;
  message: string;
  resolution: string;
  line: number;
}

export interface SecretRule {
  ruleId: string;
  category: string;
  severity: SimSeverity;
  title: string;
  file: string;
  line: number;
}

export interface ImageBase {
  /** Trivy's OS family and name, e.g. debian 12.7. */
  family: "debian" | "alpine";
  name: string;
  /** The repository the image is pushed to, below the registry. */
  baseImage: string;
}

const PY_FILES = [
  "app/api/routes/users.py",
  "app/api/routes/tenants.py",
  "app/services/export.py",
  "app/services/webhooks.py",
  "app/workers/tasks.py",
  "app/db/queries.py",
  "app/auth/tokens.py",
  "app/util/shell.py",
] as const;

const JS_FILES = [
  "src/components/ReportViewer.tsx",
  "src/components/MarkdownPreview.tsx",
  "src/pages/login.tsx",
  "src/lib/api-client.ts",
  "src/lib/storage.ts",
  "src/features/audit/AuditTable.tsx",
  "server/proxy.js",
] as const;

export const SEMGREP_RULES: Readonly<Record<Ecosystem, readonly CodeRule[]>> = {
  python: [
    { ruleId: "python.lang.security.audit.subprocess-shell-true.subprocess-shell-true", severity: "HIGH", title: "Found 'subprocess' function 'run' with 'shell=True'. This is dangerous because this call will spawn the command using a shell process. Doing so propagates current shell settings and variables, which makes it much easier for a malicious actor to execute commands. Use 'shell=False' instead.", cwe: "CWE-78: Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')", files: ["app/util/shell.py", "app/workers/tasks.py"] },
    { ruleId: "python.lang.security.audit.formatted-sql-query.formatted-sql-query", severity: "HIGH", title: "Detected possible formatted SQL query. Use parameterized queries instead.", cwe: "CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')", files: ["app/db/queries.py", "app/services/export.py"] },
    { ruleId: "python.sqlalchemy.security.sqlalchemy-execute-raw-query.sqlalchemy-execute-raw-query", severity: "HIGH", title: "Avoiding SQL string concatenation: untrusted input concatenated with raw SQL query can result in SQL Injection. In order to execute raw query safely, prepared statement should be used.", cwe: "CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')", files: ["app/db/queries.py"] },
    { ruleId: "python.lang.security.deserialization.pickle.avoid-pickle", severity: "MEDIUM", title: "Avoid using `pickle`, which is known to lead to code execution vulnerabilities. When unpickling, the serialized data could be manipulated to run arbitrary code. Instead, consider serializing the relevant data as JSON or a similar text-based serialization format.", cwe: "CWE-502: Deserialization of Untrusted Data", files: ["app/workers/tasks.py", "app/services/export.py"] },
    { ruleId: "python.lang.security.audit.insecure-transport.requests.request-with-http.request-with-http", severity: "MEDIUM", title: "Detected a request using 'http://'. This request will be unencrypted, and attackers could listen into traffic on the network and be able to obtain sensitive information. Use 'https://' instead.", cwe: "CWE-319: Cleartext Transmission of Sensitive Information", files: ["app/services/webhooks.py", "app/services/export.py"] },
    { ruleId: "python.requests.security.disabled-cert-validation.disabled-cert-validation", severity: "HIGH", title: "Certificate verification has been explicitly disabled. This permits insecure connections to insecure servers. Re-enable certification validation.", cwe: "CWE-295: Improper Certificate Validation", files: ["app/services/webhooks.py"] },
    { ruleId: "python.lang.security.audit.dangerous-system-call.dangerous-system-call", severity: "HIGH", title: "Found dynamic content used in a system call. This is dangerous if external data can reach this function call because it allows a malicious actor to execute commands. Use the 'subprocess' module instead, which is easier to use without accidentally exposing a command injection vulnerability.", cwe: "CWE-78: Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')", files: ["app/util/shell.py"] },
    { ruleId: "python.jwt.security.unverified-jwt-decode.unverified-jwt-decode", severity: "HIGH", title: "Detected JWT token decoded with 'verify=False'. This bypasses any integrity checks for the token which means the token could be tampered with by malicious actors. Ensure that the JWT token is verified.", cwe: "CWE-287: Improper Authentication", files: ["app/auth/tokens.py"] },
    { ruleId: "python.lang.security.audit.md5-used-as-password.md5-used-as-password", severity: "MEDIUM", title: "It looks like MD5 is used as a password hash. MD5 is not considered a secure password hash because it can be cracked by an attacker in a short amount of time. Use a suitable password hashing function such as scrypt.", cwe: "CWE-327: Use of a Broken or Risky Cryptographic Algorithm", files: ["app/auth/tokens.py"] },
    { ruleId: "python.flask.security.audit.debug-enabled.debug-enabled", severity: "MEDIUM", title: "Detected Flask app with debug=True. Do not deploy to production with this flag enabled as it will leak sensitive information. Instead, consider using Flask configuration variables or setting 'debug' using system environment variables.", cwe: "CWE-489: Active Debug Code", files: ["app/api/routes/users.py"] },
    { ruleId: "python.lang.security.audit.logging.logger-credential-leak.python-logger-credential-disclosure", severity: "MEDIUM", title: "Detected a python logger call with a potential hardcoded secret being logged. This may lead to secret credentials being exposed. Make sure that the logger is not logging sensitive information.", cwe: "CWE-532: Insertion of Sensitive Information into Log File", files: ["app/auth/tokens.py", "app/api/routes/tenants.py"] },
    { ruleId: "python.lang.correctness.useless-eqeq.useless-eqeq", severity: "LOW", title: "This expression is always True: `tenant_id == tenant_id` or `tenant_id != tenant_id`. If testing for floating point NaN, use `math.isnan(tenant_id)`, or `cmath.isnan(tenant_id)` if the number is complex.", cwe: "CWE-571: Expression is Always True", files: ["app/api/routes/tenants.py"] },
    { ruleId: "python.lang.maintainability.useless-ifelse.useless-if-body", severity: "LOW", title: "Useless if statement; both blocks have the same body", cwe: "CWE-561: Dead Code", files: ["app/services/export.py", "app/api/routes/users.py"] },
  ],
  node: [
    { ruleId: "javascript.browser.security.insecure-document-method.insecure-document-method", severity: "HIGH", title: "User controlled data in methods like `innerHTML`, `outerHTML` or `document.write` is an anti-pattern that can lead to XSS vulnerabilities", cwe: "CWE-79: Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')", files: ["src/components/ReportViewer.tsx", "src/components/MarkdownPreview.tsx"] },
    { ruleId: "typescript.react.security.audit.react-dangerouslysetinnerhtml.react-dangerouslysetinnerhtml", severity: "MEDIUM", title: "Detection of dangerouslySetInnerHTML from non-constant definition. This can inadvertently expose users to cross-site scripting (XSS) attacks if this comes from user-provided input. If you have to use dangerouslySetInnerHTML, consider using a sanitization library such as DOMPurify to sanitize your HTML.", cwe: "CWE-79: Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')", files: ["src/components/MarkdownPreview.tsx", "src/features/audit/AuditTable.tsx"] },
    { ruleId: "javascript.browser.security.wildcard-postmessage-configuration.wildcard-postmessage-configuration", severity: "MEDIUM", title: "The target origin of the window.postMessage() API is set to \"*\". This could allow for information disclosure due to the possibility of any origin allowed to receive the message.", cwe: "CWE-345: Insufficient Verification of Data Authenticity", files: ["src/lib/api-client.ts", "src/pages/login.tsx"] },
    { ruleId: "javascript.lang.security.audit.unsafe-formatstring.unsafe-formatstring", severity: "LOW", title: "Detected string concatenation with a non-literal variable in a util.format / console.log function. If an attacker injects a format specifier in the string, it will forge the log message. Try to use constant values for the format string.", cwe: "CWE-134: Use of Externally-Controlled Format String", files: ["src/lib/api-client.ts", "server/proxy.js"] },
    { ruleId: "javascript.express.security.audit.express-open-redirect.express-open-redirect", severity: "MEDIUM", title: "The application redirects to a URL specified by user-supplied input `req` that is not validated. This could redirect users to malicious locations. Consider using an allow-list approach to validate URLs, or warn users they are being redirected to a third-party website.", cwe: "CWE-601: URL Redirection to Untrusted Site ('Open Redirect')", files: ["server/proxy.js"] },
    { ruleId: "javascript.lang.security.audit.path-traversal.path-join-resolve-traversal.path-join-resolve-traversal", severity: "MEDIUM", title: "Detected possible user input going into a `path.join` or `path.resolve` function. This could possibly lead to a path traversal vulnerability, where the attacker can access arbitrary files stored in the file system. Instead, be sure to sanitize or validate user input first.", cwe: "CWE-22: Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')", files: ["server/proxy.js"] },
    { ruleId: "javascript.jsonwebtoken.security.jwt-hardcode.hardcoded-jwt-secret", severity: "HIGH", title: "A hard-coded credential was detected. It is not recommended to store credentials in source-code, as this risks secrets being leaked and used by either an internal or external malicious adversary. It is recommended to use environment variables to securely provide credentials or retrieve credentials from a secure vault or HSM (Hardware Security Module).", cwe: "CWE-798: Use of Hard-coded Credentials", files: ["server/proxy.js"] },
    { ruleId: "javascript.browser.security.eval-detected.eval-detected", severity: "MEDIUM", title: "Detected the use of eval(). eval() can be dangerous if used to evaluate dynamic content. If this content can be input from outside the program, this may be a code injection vulnerability. Ensure evaluated content is not definable by external sources.", cwe: "CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')", files: ["src/features/audit/AuditTable.tsx", "src/lib/storage.ts"] },
    { ruleId: "javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp", severity: "LOW", title: "RegExp() called with a `query` function argument, this might allow an attacker to cause a Regular Expression Denial-of-Service (ReDoS) within your application as RegExP blocks the main thread. For this reason, it is recommended to use hardcoded regexes instead.", cwe: "CWE-1333: Inefficient Regular Expression Complexity", files: ["src/features/audit/AuditTable.tsx", "src/lib/storage.ts"] },
  ],
};

/** Files the catalogs above reference, for checks that a rule's file belongs to its ecosystem. */
export const CODE_FILES: Readonly<Record<Ecosystem, readonly string[]>> = { python: PY_FILES, node: JS_FILES };

/** The lockfile Trivy reads per ecosystem. */
export const LOCKFILE: Readonly<Record<Ecosystem, string>> = { python: "requirements.txt", node: "package-lock.json" };

export const PACKAGE_VULNS: Readonly<Record<Ecosystem, readonly PackageVuln[]>> = {
  python: [
    { id: "CVE-2024-35195", packageName: "requests", installedVersion: "2.31.0", fixedVersion: "2.32.0", severity: "MEDIUM", title: "requests: subsequent requests to the same host ignore cert verification", cwe: "CWE-670" },
    { id: "CVE-2024-37891", packageName: "urllib3", installedVersion: "2.2.1", fixedVersion: "1.26.19, 2.2.2", severity: "MEDIUM", title: "urllib3: proxy-authorization request header is not stripped during cross-origin redirects", cwe: "CWE-669" },
    { id: "CVE-2024-22195", packageName: "jinja2", installedVersion: "3.1.2", fixedVersion: "3.1.3", severity: "MEDIUM", title: "jinja2: HTML attribute injection when passing user input as keys to xmlattr filter", cwe: "CWE-79" },
    { id: "CVE-2024-34064", packageName: "jinja2", installedVersion: "3.1.3", fixedVersion: "3.1.4", severity: "MEDIUM", title: "jinja2: accepts keys containing non-attribute characters", cwe: "CWE-79" },
    { id: "CVE-2024-26130", packageName: "cryptography", installedVersion: "42.0.2", fixedVersion: "42.0.4", severity: "HIGH", title: "cryptography: NULL pointer dereference with pkcs12.serialize_key_and_certificates when called with a non-matching certificate and private key and an hmac_hash override", cwe: "CWE-476" },
    { id: "CVE-2023-50782", packageName: "cryptography", installedVersion: "41.0.7", fixedVersion: "42.0.0", severity: "HIGH", title: "python-cryptography: Bleichenbacher timing oracle attack against RSA decryption - incomplete fix for CVE-2020-25659", cwe: "CWE-385" },
    { id: "CVE-2024-34069", packageName: "werkzeug", installedVersion: "3.0.1", fixedVersion: "3.0.3", severity: "HIGH", title: "python-werkzeug: user may execute code on a developer's machine", cwe: "CWE-352" },
    { id: "CVE-2023-46136", packageName: "werkzeug", installedVersion: "2.3.7", fixedVersion: "3.0.1, 2.3.8", severity: "MEDIUM", title: "python-werkzeug: high resource consumption leading to denial of service", cwe: "CWE-400" },
    { id: "CVE-2024-3651", packageName: "idna", installedVersion: "3.6", fixedVersion: "3.7", severity: "MEDIUM", title: "python-idna: potential DoS via resource consumption via specially crafted inputs to idna.encode()", cwe: "CWE-400" },
    { id: "CVE-2024-39689", packageName: "certifi", installedVersion: "2024.2.2", fixedVersion: "2024.7.4", severity: "LOW", title: "python-certifi: Remove root certificates from `GLOBALTRUST` from the root store", cwe: "CWE-345" },
    { id: "CVE-2024-1135", packageName: "gunicorn", installedVersion: "21.2.0", fixedVersion: "22.0.0", severity: "HIGH", title: "python-gunicorn: HTTP Request Smuggling due to improper validation of Transfer-Encoding headers", cwe: "CWE-444" },
    { id: "CVE-2024-23334", packageName: "aiohttp", installedVersion: "3.9.1", fixedVersion: "3.9.2", severity: "HIGH", title: "aiohttp: follow_symlinks directory traversal vulnerability", cwe: "CWE-22" },
    { id: "CVE-2024-6345", packageName: "setuptools", installedVersion: "68.2.2", fixedVersion: "70.0.0", severity: "HIGH", title: "pypa/setuptools: Remote code execution via download functions in the package_index module in pypa/setuptools", cwe: "CWE-94" },
    { id: "CVE-2024-24762", packageName: "python-multipart", installedVersion: "0.0.6", fixedVersion: "0.0.7", severity: "HIGH", title: "python-multipart: Regular Expression Denial of Service (ReDoS) in python-multipart", cwe: "CWE-1333" },
    { id: "CVE-2024-47874", packageName: "starlette", installedVersion: "0.37.2", fixedVersion: "0.40.0", severity: "HIGH", title: "starlette: Starlette Denial of service (DoS) via multipart/form-data", cwe: "CWE-770" },
    { id: "CVE-2024-4340", packageName: "sqlparse", installedVersion: "0.4.4", fixedVersion: "0.5.0", severity: "HIGH", title: "sqlparse: parsing heavily nested list leads to denial of service", cwe: "CWE-674" },
    { id: "CVE-2024-21503", packageName: "black", installedVersion: "23.12.1", fixedVersion: "24.3.0", severity: "MEDIUM", title: "black: ReDoS via the lines_with_leading_tabs_expanded() function in strings.py", cwe: "CWE-1333" },
    { id: "CVE-2023-50447", packageName: "pillow", installedVersion: "10.1.0", fixedVersion: "10.2.0", severity: "CRITICAL", title: "pillow: Arbitrary Code Execution via the environment parameter", cwe: "CWE-94" },
    { id: "CVE-2024-28219", packageName: "pillow", installedVersion: "10.2.0", fixedVersion: "10.3.0", severity: "MEDIUM", title: "python-pillow: buffer overflow in _imagingcms.c", cwe: "CWE-120" },
  ],
  node: [
    { id: "CVE-2024-29041", packageName: "express", installedVersion: "4.18.2", fixedVersion: "4.19.2, 5.0.0-beta.3", severity: "MEDIUM", title: "express: cause malformed URLs to be evaluated", cwe: "CWE-601" },
    { id: "CVE-2023-45857", packageName: "axios", installedVersion: "1.5.1", fixedVersion: "1.6.0, 0.28.0", severity: "MEDIUM", title: "axios: exposure of confidential data stored in cookies", cwe: "CWE-352" },
    { id: "CVE-2022-25883", packageName: "semver", installedVersion: "7.5.1", fixedVersion: "7.5.2, 6.3.1, 5.7.2", severity: "HIGH", title: "nodejs-semver: Regular expression denial of service", cwe: "CWE-1333" },
    { id: "CVE-2023-26115", packageName: "word-wrap", installedVersion: "1.2.3", fixedVersion: "1.2.4", severity: "MEDIUM", title: "word-wrap: ReDoS", cwe: "CWE-1333" },
    { id: "CVE-2023-44270", packageName: "postcss", installedVersion: "8.4.27", fixedVersion: "8.4.31", severity: "MEDIUM", title: "PostCSS: Improper input validation in PostCSS", cwe: "CWE-74" },
    { id: "CVE-2024-4068", packageName: "braces", installedVersion: "3.0.2", fixedVersion: "3.0.3", severity: "HIGH", title: "braces: fails to limit the number of characters it can handle", cwe: "CWE-1050" },
    { id: "CVE-2024-37890", packageName: "ws", installedVersion: "8.16.0", fixedVersion: "5.2.4, 6.2.3, 7.5.10, 8.17.1", severity: "HIGH", title: "nodejs-ws: denial of service when handling a request with many HTTP headers", cwe: "CWE-476" },
    { id: "CVE-2024-28849", packageName: "follow-redirects", installedVersion: "1.15.5", fixedVersion: "1.15.6", severity: "MEDIUM", title: "follow-redirects: Possible credential leak", cwe: "CWE-200" },
    { id: "CVE-2024-4067", packageName: "micromatch", installedVersion: "4.0.5", fixedVersion: "4.0.8", severity: "MEDIUM", title: "micromatch: vulnerable to Regular Expression Denial of Service", cwe: "CWE-1333" },
    { id: "CVE-2024-45296", packageName: "path-to-regexp", installedVersion: "0.1.7", fixedVersion: "1.9.0, 0.1.10, 8.0.0, 3.3.0, 6.3.0", severity: "HIGH", title: "path-to-regexp: Backtracking regular expressions cause ReDoS", cwe: "CWE-1333" },
    { id: "CVE-2024-21538", packageName: "cross-spawn", installedVersion: "7.0.3", fixedVersion: "7.0.5, 6.0.6", severity: "HIGH", title: "cross-spawn: regular expression denial of service", cwe: "CWE-1333" },
    { id: "CVE-2024-55565", packageName: "nanoid", installedVersion: "3.3.7", fixedVersion: "5.0.9, 3.3.8", severity: "MEDIUM", title: "nanoid: nanoid mishandles non-integer values", cwe: "CWE-835" },
    { id: "CVE-2023-26136", packageName: "tough-cookie", installedVersion: "4.1.2", fixedVersion: "4.1.3", severity: "MEDIUM", title: "tough-cookie: prototype pollution in cookie memstore", cwe: "CWE-1321" },
    { id: "CVE-2023-45133", packageName: "@babel/traverse", installedVersion: "7.22.20", fixedVersion: "7.23.2, 8.0.0-alpha.4", severity: "CRITICAL", title: "babel: arbitrary code execution", cwe: "CWE-184" },
    { id: "CVE-2022-46175", packageName: "json5", installedVersion: "2.2.1", fixedVersion: "2.2.2, 1.0.2", severity: "HIGH", title: "json5: Prototype Pollution in JSON5 via Parse Method", cwe: "CWE-1321" },
    { id: "CVE-2024-43788", packageName: "webpack", installedVersion: "5.89.0", fixedVersion: "5.94.0", severity: "MEDIUM", title: "webpack: DOM Clobbering vulnerability in AutoPublicPathRuntimeModule", cwe: "CWE-79" },
    { id: "CVE-2024-45590", packageName: "body-parser", installedVersion: "1.20.2", fixedVersion: "1.20.3", severity: "HIGH", title: "body-parser: Denial of Service Vulnerability in body-parser", cwe: "CWE-405" },
    { id: "CVE-2024-47764", packageName: "cookie", installedVersion: "0.5.0", fixedVersion: "0.7.0", severity: "LOW", title: "cookie: cookie accepts cookie name, path, and domain with out of bounds characters", cwe: "CWE-74" },
    { id: "CVE-2024-45801", packageName: "dompurify", installedVersion: "3.0.6", fixedVersion: "2.5.4, 3.1.3", severity: "HIGH", title: "dompurify: XSS vulnerability via prototype pollution", cwe: "CWE-1321" },
    { id: "CVE-2024-29415", packageName: "ip", installedVersion: "2.0.1", fixedVersion: null, severity: "HIGH", title: "node-ip: Incomplete fix for CVE-2023-42282", cwe: "CWE-918" },
  ],
};

export const DOCKERFILE_CHECKS: readonly ConfigCheck[] = [
  { id: "DS002", avdId: "AVD-DS-0002", severity: "HIGH", title: "Image user should not be 'root'", message: "Specify at least 1 USER command in Dockerfile with non-root user as argument", resolution: "Add 'USER <non root user name>' line to the Dockerfile", line: 1 },
  { id: "DS026", avdId: "AVD-DS-0026", severity: "LOW", title: "No HEALTHCHECK defined", message: "Add HEALTHCHECK instruction in your Dockerfile", resolution: "Add HEALTHCHECK instruction in Dockerfile", line: 1 },
  { id: "DS029", avdId: "AVD-DS-0029", severity: "HIGH", title: "'apt-get' missing '--no-install-recommends'", message: "'--no-install-recommends' flag is missed: 'apt-get update && apt-get install -y curl'", resolution: "Add '--no-install-recommends' flag to 'apt-get'", line: 7 },
  { id: "DS005", avdId: "AVD-DS-0005", severity: "LOW", title: "ADD instead of COPY", message: "Consider using 'COPY . /app' command instead of 'ADD . /app'", resolution: "Use COPY instead of ADD", line: 12 },
  { id: "DS001", avdId: "AVD-DS-0001", severity: "MEDIUM", title: "':latest' tag used", message: "Specify a tag in the 'FROM' statement for image 'node'", resolution: "Add a tag to the image in the 'FROM' statement", line: 1 },
];

export const SECRET_RULES: readonly SecretRule[] = [
  { ruleId: "aws-access-key-id", category: "AWS", severity: "CRITICAL", title: "AWS Access Key ID", file: "deploy/dev/values.yaml", line: 23 },
  { ruleId: "github-pat", category: "GitHub", severity: "CRITICAL", title: "GitHub Personal Access Token", file: "scripts/release.sh", line: 9 },
  { ruleId: "slack-web-hook", category: "Slack", severity: "MEDIUM", title: "Slack Webhook", file: "tests/fixtures/notify.env", line: 4 },
  { ruleId: "private-key", category: "AsymmetricPrivateKey", severity: "HIGH", title: "Asymmetric Private Key", file: "tests/fixtures/tls/dev-key.pem", line: 1 },
  { ruleId: "jwt-token", category: "JWT", severity: "MEDIUM", title: "JWT token", file: "tests/fixtures/session.json", line: 6 },
];

export const IMAGE_BASE: Readonly<Record<Ecosystem, ImageBase>> = {
  python: { family: "debian", name: "12.7", baseImage: "python:3.12-slim-bookworm" },
  node: { family: "alpine", name: "3.19.1", baseImage: "nginx:1.25-alpine" },
};

export const OS_VULNS: Readonly<Record<Ecosystem, readonly PackageVuln[]>> = {
  python: [
    { id: "CVE-2024-5535", packageName: "libssl3", installedVersion: "3.0.13-1~deb12u1", fixedVersion: "3.0.14-1~deb12u1", severity: "LOW", title: "openssl: SSL_select_next_proto buffer overread", cwe: "CWE-200" },
    { id: "CVE-2024-6119", packageName: "openssl", installedVersion: "3.0.13-1~deb12u1", fixedVersion: "3.0.14-1~deb12u2", severity: "MEDIUM", title: "openssl: Possible denial of service in X.509 name checks", cwe: "CWE-843" },
    { id: "CVE-2024-2961", packageName: "libc6", installedVersion: "2.36-9+deb12u4", fixedVersion: "2.36-9+deb12u6", severity: "HIGH", title: "glibc: Out of bounds write in iconv may lead to remote code execution", cwe: "CWE-787" },
    { id: "CVE-2024-33599", packageName: "libc-bin", installedVersion: "2.36-9+deb12u4", fixedVersion: "2.36-9+deb12u7", severity: "HIGH", title: "glibc: stack-based buffer overflow in netgroup cache", cwe: "CWE-121" },
    { id: "CVE-2023-45853", packageName: "zlib1g", installedVersion: "1:1.2.13.dfsg-1", fixedVersion: null, severity: "CRITICAL", title: "zlib: integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_6", cwe: "CWE-190" },
    { id: "CVE-2024-45491", packageName: "libexpat1", installedVersion: "2.5.0-1", fixedVersion: "2.5.0-1+deb12u1", severity: "CRITICAL", title: "libexpat: Integer Overflow or Wraparound", cwe: "CWE-190" },
    { id: "CVE-2024-2398", packageName: "libcurl4", installedVersion: "7.88.1-10+deb12u5", fixedVersion: "7.88.1-10+deb12u6", severity: "MEDIUM", title: "curl: HTTP/2 push headers memory-leak", cwe: "CWE-772" },
    { id: "CVE-2024-37371", packageName: "libgssapi-krb5-2", installedVersion: "1.20.1-2+deb12u1", fixedVersion: "1.20.1-2+deb12u2", severity: "CRITICAL", title: "krb5: GSS message token handling", cwe: "CWE-125" },
    { id: "CVE-2024-0553", packageName: "libgnutls30", installedVersion: "3.7.9-2+deb12u1", fixedVersion: "3.7.9-2+deb12u2", severity: "HIGH", title: "gnutls: incomplete fix for CVE-2023-5981", cwe: "CWE-203" },
    { id: "CVE-2024-25062", packageName: "libxml2", installedVersion: "2.9.14+dfsg-1.3~deb12u1", fixedVersion: null, severity: "HIGH", title: "libxml2: use-after-free in XMLReader", cwe: "CWE-416" },
    { id: "CVE-2023-31484", packageName: "perl-base", installedVersion: "5.36.0-7+deb12u1", fixedVersion: null, severity: "HIGH", title: "perl: CPAN.pm does not verify TLS certificates when downloading distributions over HTTPS", cwe: "CWE-295" },
    { id: "CVE-2023-50495", packageName: "libncursesw6", installedVersion: "6.4-4", fixedVersion: null, severity: "MEDIUM", title: "ncurses: segmentation fault via _nc_wrap_entry()", cwe: "CWE-787" },
    { id: "CVE-2023-4641", packageName: "login", installedVersion: "1:4.13+dfsg1-1", fixedVersion: null, severity: "MEDIUM", title: "shadow-utils: possible password leak during passwd(1) change", cwe: "CWE-303" },
    { id: "CVE-2005-2541", packageName: "tar", installedVersion: "1.34+dfsg-1.2", fixedVersion: null, severity: "LOW", title: "tar: does not properly warn the user when extracting setuid or setgid files", cwe: "CWE-20" },
    { id: "CVE-2016-2781", packageName: "coreutils", installedVersion: "9.1-1", fixedVersion: null, severity: "LOW", title: "coreutils: Non-privileged session can escape to the parent session in chroot", cwe: "CWE-20" },
    { id: "CVE-2011-3374", packageName: "apt", installedVersion: "2.6.1", fixedVersion: null, severity: "LOW", title: "It was found that apt-key in apt, all versions, do not correctly validate gpg keys with the master keyring, leading to a potential man-in-the-middle attack.", cwe: "CWE-347" },
  ],
  node: [
    { id: "CVE-2024-5535", packageName: "libssl3", installedVersion: "3.1.4-r5", fixedVersion: "3.1.6-r0", severity: "LOW", title: "openssl: SSL_select_next_proto buffer overread", cwe: "CWE-200" },
    { id: "CVE-2024-4741", packageName: "libcrypto3", installedVersion: "3.1.4-r5", fixedVersion: "3.1.5-r0", severity: "LOW", title: "openssl: Use After Free with SSL_free_buffers", cwe: "CWE-416" },
    { id: "CVE-2024-6119", packageName: "libcrypto3", installedVersion: "3.1.4-r5", fixedVersion: "3.1.7-r0", severity: "MEDIUM", title: "openssl: Possible denial of service in X.509 name checks", cwe: "CWE-843" },
    { id: "CVE-2023-42363", packageName: "busybox", installedVersion: "1.36.1-r15", fixedVersion: "1.36.1-r16", severity: "MEDIUM", title: "busybox: use-after-free in awk", cwe: "CWE-416" },
    { id: "CVE-2025-26519", packageName: "musl", installedVersion: "1.2.4_git20230717-r4", fixedVersion: "1.2.4_git20230717-r5", severity: "HIGH", title: "musl: c/musl: input-controlled out-of-bounds write primitive in musl libc", cwe: "CWE-787" },
    { id: "CVE-2024-45490", packageName: "libexpat", installedVersion: "2.6.2-r0", fixedVersion: "2.6.3-r0", severity: "CRITICAL", title: "libexpat: Negative Length Parsing Vulnerability in libexpat", cwe: "CWE-611" },
    { id: "CVE-2024-28182", packageName: "nghttp2-libs", installedVersion: "1.58.0-r0", fixedVersion: "1.58.0-r1", severity: "MEDIUM", title: "nghttp2: CONTINUATION frames DoS", cwe: "CWE-400" },
    { id: "CVE-2024-25062", packageName: "libxml2", installedVersion: "2.11.6-r0", fixedVersion: "2.11.7-r0", severity: "HIGH", title: "libxml2: use-after-free in XMLReader", cwe: "CWE-416" },
    { id: "CVE-2024-25629", packageName: "c-ares", installedVersion: "1.24.0-r1", fixedVersion: "1.27.0-r0", severity: "MEDIUM", title: "c-ares: Out of bounds read in ares__read_line()", cwe: "CWE-125" },
    { id: "CVE-2024-2398", packageName: "curl", installedVersion: "8.5.0-r0", fixedVersion: "8.7.1-r0", severity: "MEDIUM", title: "curl: HTTP/2 push headers memory-leak", cwe: "CWE-772" },
  ],
};

/** CWIQ's one Node service is the UI; the others are Python backends. */
export function ecosystemOf(projectName: string): Ecosystem {
  return projectName === "ui" ? "node" : "python";
}
