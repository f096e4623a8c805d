"use server";

import { signIn, signOut } from "./instance";
import { safeCallbackPath } from "./access";
import { SIGN_IN_PATH } from "./authjs";

/** The sign-in page's button: off to GitLab, then back to the page the user asked for. */
export async function signInWithGitLab(form: FormData): Promise<void> {
  const callback = form.get("callbackUrl");
  await signIn("gitlab", { redirectTo: safeCallbackPath(typeof callback === "string" ? callback : null) });
}

/** The header's Sign out button: drops the session cookie. */
export async function signOutOfStageboard(): Promise<void> {
  await signOut({ redirectTo: `${SIGN_IN_PATH}?signedOut=1` });
}
