import type { FindingsWorld } from "../findings/types";
import type { SimulationModel } from "../model";
import type { SimUpstream } from "../server";
import { handleSonarApi, sonarTokenAccepted } from "./api";
import { SonarWorld } from "./world";

export const DEFAULT_SONARQUBE_TOKEN = "squ_stageboard_simulator";
export const SONARQUBE_PREFIX = "/sonarqube/";

/** The simulated SonarQube, mounted at `/sonarqube/` of the simulator; a wrong token gets 401 with no body. */
export function createSonarUpstream(options: { seed: number; model: SimulationModel; findings: FindingsWorld; token: string }): SimUpstream {
  const world = new SonarWorld(options.seed, options.model, options.findings);
  return {
    prefix: SONARQUBE_PREFIX,
    refuse: (req) => (sonarTokenAccepted(req, options.token) ? null : { status: 401, headers: {}, body: "" }),
    handle: ({ path, query, t }) => handleSonarApi(world, { path, query, t }),
  };
}
