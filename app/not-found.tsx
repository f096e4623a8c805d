import Link from "next/link";
import { connection } from "next/server";

/*
 * Rendered per request rather than at build time: only a rendered page carries the response's
 * CSP nonce on its scripts, and a prebuilt 404 would have its scripts blocked.
 */
export default async function NotFound() {
  await connection();
  return (
    <section data-testid="not-found" className="mx-auto max-w-md space-y-3 py-12 text-sm text-body">
      <h1 className="text-xl font-semibold text-ink">Page not found</h1>
      <p>Stageboard has no page at this address.</p>
      <Link href="/" className="text-link hover:underline">
        Go to the overview
      </Link>
    </section>
  );
}
