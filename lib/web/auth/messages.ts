import { NOT_IN_GROUP } from "./authjs";

/** An API request without a session while sign-in is on. */
export const SIGN_IN_FIRST = "Sign in first: this Stageboard requires a signed-in user.";

/** What the sign-in page says for an Auth.js error code (or Stageboard's own NotInGroup). */
export function signInErrorMessage(code: string, group: string | undefined): string {
  switch (code) {
    case NOT_IN_GROUP:
      return group
        ? `Your GitLab account is not a member of the GitLab group “${group}”, and only its members may use this Stageboard. Ask an owner of ${group} to add you.`
        : "Your GitLab account may not use this Stageboard.";
    case "AccessDenied":
      return "GitLab did not sign you in: access was denied.";
    case "Configuration":
      return "Sign-in is not set up correctly (the identity provider could not be reached or refused Stageboard). The server log says more.";
    default:
      return "Signing in did not work. Please try again.";
  }
}
