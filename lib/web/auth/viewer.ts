import "server-only";
import { FULL_SCOPE, type ViewerScope } from "@/lib/domain/access";
import { authSettings } from "./settings";

const SIGNED_OUT: ViewerScope = { services: [], security: [], problem: "Sign in to see Stageboard." };

/** What the viewer of this request may see: everything with sign-in off, else their GitLab projects. */
export async function viewerScope(): Promise<ViewerScope> {
  if (authSettings().mode === "off") return FULL_SCOPE;
  const { auth } = await import("./instance");
  return (await auth())?.scope ?? SIGNED_OUT;
}
