import type { FindingsWorld } from "../findings/types";
import type { SimulationModel } from "../model";
import type { SimUpstream } from "../server";
import { dojoAuthRefusal, handleDojoApi } from "./api";
import { isDojoWebPath, renderDojoWebPage } from "./web";
import { DojoWorld } from "./world";

export const DEFAULT_DEFECTDOJO_TOKEN = "stageboard-dojo-simulator-key";
export const DEFECTDOJO_PREFIX = "/defectdojo/";

/** A request's path below the prefix, without the query. */
const webPath = (url: string | undefined): string => new URL(url ?? "/", "http://sim").pathname.slice(DEFECTDOJO_PREFIX.length);

/** The simulated DefectDojo, mounted at `/defectdojo/` of the simulator. */
export function createDojoUpstream(options: { seed: number; model: SimulationModel; findings: FindingsWorld; token: string }): SimUpstream {
  const world = new DojoWorld(options.seed, options.model, options.findings);
  return {
    prefix: DEFECTDOJO_PREFIX,
    // The web pages are what a browser with a session sees; the API wants the token.
    refuse: (req) => (isDojoWebPath(webPath(req.url)) ? null : dojoAuthRefusal(req, options.token)),
    handle: (request) => renderDojoWebPage(world, request.path, request.t) ?? handleDojoApi(world, request),
  };
}
