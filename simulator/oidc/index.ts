export { createOidcProvider, type OidcClientRegistration, type OidcOptions, type OidcProvider } from "./provider";
export { accessLevel, SIM_USERS, type SimUser } from "./users";

/** The OIDC application the demo Stageboard is registered as at the simulated GitLab. */
export const DEFAULT_OIDC_CLIENT = { id: "stageboard-demo", secret: "stageboard-demo-oidc-client-secret" } as const;
