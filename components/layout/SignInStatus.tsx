import { auth } from "@/lib/web/auth/instance";
import { authSettings } from "@/lib/web/auth/settings";
import { signOutOfStageboard } from "@/lib/web/auth/actions";

/** Who is signed in (with Sign out), or that sign-in is off. */
export async function SignInStatus({ demoMode }: { demoMode: boolean }) {
  if (authSettings().mode === "off") {
    return (
      <span data-testid="signin-off" className="shrink-0 text-xs text-muted" title="No identity provider is configured: everyone who can reach Stageboard may read it.">
        Sign-in is off{demoMode ? " (demo mode)" : ""}
      </span>
    );
  }
  const session = await auth();
  if (!session) return null;
  return (
    <form action={signOutOfStageboard} className="flex shrink-0 items-center gap-3 text-sm">
      <span data-testid="signed-in-user" className="text-body">
        {session.user?.name ?? session.user?.email ?? "Signed in"}
      </span>
      <button type="submit" data-testid="sign-out" className="rounded-md border border-line-strong px-2.5 py-1 text-body hover:bg-subtle">
        Sign out
      </button>
    </form>
  );
}
