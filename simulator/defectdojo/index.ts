import type { FindingsWorld } from "../findings/types";
import type { SimulationModel } from "../model";
import type { SimUpstream } from "../server";
import { dojoAuthRefusal, handleDojoApi } from "./api";
import { DojoDirectory, type AddedDojoTest } from "./directory";
import { isDojoWebPath, renderDojoWebPage } from "./web";
import { DojoWorld } from "./world";

export const DEFAULT_DEFECTDOJO_TOKEN = "stageboard-dojo-simulator-key";
export const DEFECTDOJO_PREFIX = "/defectdojo/";

/** How the simulated DefectDojo answers and what it holds beside the world's imports, set by tests. */
export interface DojoSimControl {
  /**
   * Answers as an older DefectDojo: its tests list knows no `build_id`, `commit_hash`, `branch_tag` or
   * `o` and, as django-filter does with any parameter it does not know, ignores them (listing by id).
   */
  setOldServer(on: boolean): void;
  /** Another product (another team's, a DAST product …) with one CI/CD engagement. */
  addProduct(name: string, created: number): { productId: number; engagementId: number };
  /** An import beside the world's (by hand, by another pipeline), without findings; returns its test id. */
  addTest(test: AddedDojoTest): number;
  /** Drops what was added and answers as a current DefectDojo again. */
  reset(): void;
}

export type { AddedDojoTest };

/** A request's path below the prefix, without the query. */
const webPath = (url: string | undefined): string => new URL(url ?? "/", "http://sim").pathname.slice(DEFECTDOJO_PREFIX.length);

/** The simulated DefectDojo, mounted at `/defectdojo/` of the simulator. */
export function createDojoUpstream(options: { seed: number; model: SimulationModel; findings: FindingsWorld; token: string }): SimUpstream & { control: DojoSimControl } {
  const directory = new DojoDirectory(new DojoWorld(options.seed, options.model, options.findings));
  const format = { oldServer: false };
  return {
    prefix: DEFECTDOJO_PREFIX,
    // The web pages are what a browser with a session sees; the API wants the token.
    refuse: (req) => (isDojoWebPath(webPath(req.url)) ? null : dojoAuthRefusal(req, options.token)),
    handle: (request) => renderDojoWebPage(directory, request.path, request.t) ?? handleDojoApi(directory, request, format),
    control: {
      setOldServer(on) {
        format.oldServer = on;
      },
      addProduct: (name, created) => directory.addProduct(name, created),
      addTest: (test) => directory.addTest(test),
      reset() {
        directory.reset();
        format.oldServer = false;
      },
    },
  };
}
