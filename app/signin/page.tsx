import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@/lib/web/auth/instance";
import { authSettings } from "@/lib/web/auth/settings";
import { safeCallbackPath } from "@/lib/web/auth/access";
import { signInWithGitLab } from "@/lib/web/auth/actions";
import { signInErrorMessage } from "@/lib/web/auth/messages";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: Props) {
  const settings = authSettings();
  const query = await searchParams;
  const callbackUrl = safeCallbackPath(first(query.callbackUrl));
  if (settings.mode === "off") {
    return (
      <section data-testid="signin-page" className="mx-auto max-w-md space-y-3 py-12 text-sm text-body">
        <h1 className="text-xl font-semibold text-ink">Sign-in is off</h1>
        <p>No identity provider is configured, so everyone who can reach Stageboard may read it.</p>
        <Link href="/" className="text-link hover:underline">
          Go to the overview
        </Link>
      </section>
    );
  }
  if (await auth()) redirect(callbackUrl);
  const error = first(query.error);
  return (
    <section data-testid="signin-page" className="mx-auto max-w-md space-y-4 py-12 text-sm text-body">
      <h1 className="text-xl font-semibold text-ink">Sign in to Stageboard</h1>
      {error && (
        <p role="alert" data-testid="signin-error" className="rounded-md border border-bad-line bg-bad-soft p-3 text-bad">
          {signInErrorMessage(error, settings.group)}
        </p>
      )}
      {first(query.signedOut) && !error && <p data-testid="signed-out">You are signed out.</p>}
      <p>
        Stageboard asks {settings.mode === "simulator" ? "the demo's simulated GitLab" : "GitLab"} who you are
        {settings.group ? ` and lets in members of the group “${settings.group}”` : ""}.
      </p>
      <form action={signInWithGitLab}>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <button type="submit" data-testid="signin-gitlab" className="rounded-md bg-solid px-4 py-2 font-medium text-on-solid hover:opacity-90">
          Sign in with GitLab
        </button>
      </form>
    </section>
  );
}
