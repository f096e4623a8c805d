import type { FindingsWorld } from "../findings/types";
import type { SimulationModel } from "../model";
import type { SimUpstream } from "../server";
import { handleSonarApi, sonarTokenAccepted } from "./api";
import { SonarWorld } from "./world";

export const DEFAULT_SONARQUBE_TOKEN = "squ_stageboard_simulator";
export const SONARQUBE_PREFIX = "/sonarqube/";

/** How the simulated SonarQube answers, switched by tests. */
export interface SonarSimControl {
  /**
   * Quality gates as SonarQube before 7.6 sent them: conditions may warn (`warningThreshold`, status
   * WARN, the gate WARN unless a condition failed), with `periodIndex` and a `periods` list.
   */
  setOlderGateFormat(on: boolean): void;
}

/** The simulated SonarQube, mounted at `/sonarqube/` of the simulator; a wrong token gets 401 with no body. */
export function createSonarUpstream(options: { seed: number; model: SimulationModel; findings: FindingsWorld; token: string }): SimUpstream & { control: SonarSimControl } {
  const world = new SonarWorld(options.seed, options.model, options.findings);
  const format = { olderGate: false };
  return {
    prefix: SONARQUBE_PREFIX,
    refuse: (req) => (sonarTokenAccepted(req, options.token) ? null : { status: 401, headers: {}, body: "" }),
    handle: ({ path, query, t }) => handleSonarApi(world, { path, query, t }, format),
    control: {
      setOlderGateFormat(on) {
        format.olderGate = on;
      },
    },
  };
}
