import type { DojoWorld, SimDojoFinding, SimDojoTest } from "./world";

/**
 * Everything the simulated DefectDojo serves: the world's products (one per project, one CI/CD
 * engagement each) with their CI imports, plus what a test added: another team's product, an import
 * made by hand or by another pipeline (no findings). Added tests get ids above every CI import, as
 * DefectDojo numbers tests in creation order.
 */

export interface DojoProductRecord {
  id: number;
  name: string;
  created: number;
}

export interface DojoEngagementRecord {
  id: number;
  name: string;
  productId: number;
  created: number;
}

export interface DojoTestRecord {
  id: number;
  engagementId: number;
  created: number;
  buildId: string | null;
  commitHash: string | null;
  branchTag: string | null;
  title: string;
  scanType: string;
  /** The world's import behind it; undefined for an added test. */
  ci?: SimDojoTest;
}

export interface AddedDojoTest {
  /** Name of the product (the world's or an added one) whose first engagement holds the test. */
  product: string;
  created: number;
  buildId?: string | null;
  commitHash?: string | null;
  branchTag?: string | null;
  scanType?: string;
}

const ADDED_PRODUCT_BASE = 500;
const ADDED_ENGAGEMENT_BASE = 900;
const ADDED_TEST_BASE = 5_000_000;

export class DojoDirectory {
  private readonly addedProducts: DojoProductRecord[] = [];
  private readonly addedEngagements: DojoEngagementRecord[] = [];
  private readonly addedTests: DojoTestRecord[] = [];

  constructor(readonly world: DojoWorld) {}

  products(): DojoProductRecord[] {
    const own = this.world.projects().map((p) => ({ id: this.world.productId(p), name: this.world.productName(p), created: p.createdAt }));
    return [...own, ...this.addedProducts];
  }

  engagements(): DojoEngagementRecord[] {
    const own = this.world.projects().map((p) => ({ id: this.world.engagementId(p), name: "CI/CD", productId: this.world.productId(p), created: p.createdAt }));
    return [...own, ...this.addedEngagements];
  }

  /** Every test visible at t, by id. */
  tests(t: number): DojoTestRecord[] {
    const ci = this.world.tests(t).map(
      (test): DojoTestRecord => ({
        id: test.id,
        engagementId: this.world.engagementId(test.project),
        created: test.created,
        buildId: test.buildId,
        commitHash: test.commitHash,
        branchTag: test.branchTag,
        title: `Trivy image scan ${test.pipeline.ref}@${test.pipeline.sha.slice(0, 8)}`,
        scanType: "Trivy Scan",
        ci: test,
      }),
    );
    return [...ci, ...this.addedTests.filter((test) => test.created <= t)];
  }

  test(id: number, t: number): DojoTestRecord | undefined {
    return this.tests(t).find((test) => test.id === id);
  }

  findings(test: DojoTestRecord, t: number): SimDojoFinding[] {
    return test.ci ? this.world.testFindings(test.ci, t) : [];
  }

  addProduct(name: string, created: number): { productId: number; engagementId: number } {
    const productId = ADDED_PRODUCT_BASE + this.addedProducts.length;
    const engagementId = ADDED_ENGAGEMENT_BASE + this.addedEngagements.length;
    this.addedProducts.push({ id: productId, name, created });
    this.addedEngagements.push({ id: engagementId, name: "CI/CD", productId, created });
    return { productId, engagementId };
  }

  addTest(added: AddedDojoTest): number {
    const product = this.products().find((p) => p.name === added.product);
    const engagement = product && this.engagements().find((e) => e.productId === product.id);
    if (!engagement) throw new Error(`the simulated DefectDojo has no product "${added.product}"`);
    const id = ADDED_TEST_BASE + this.addedTests.length;
    const scanType = added.scanType ?? "Trivy Scan";
    this.addedTests.push({
      id,
      engagementId: engagement.id,
      created: added.created,
      buildId: added.buildId ?? null,
      commitHash: added.commitHash ?? null,
      branchTag: added.branchTag ?? null,
      title: `${scanType} (imported by hand)`,
      scanType,
    });
    return id;
  }

  reset(): void {
    this.addedProducts.length = 0;
    this.addedEngagements.length = 0;
    this.addedTests.length = 0;
  }
}
