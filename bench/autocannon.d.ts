/*
 * The part of autocannon's API bench/load.ts uses (the package ships no types). The result is
 * `unknown` on purpose: bench/load.ts validates it with zod.
 */
declare module "autocannon" {
  interface AutocannonRequest {
    method?: "GET" | "POST";
    path: string;
    headers?: Record<string, string>;
  }
  interface AutocannonOptions {
    url: string;
    connections: number;
    duration: number;
    /** Per connection, in turn. */
    requests?: AutocannonRequest[];
    timeout?: number;
  }
  export default function autocannon(options: AutocannonOptions): Promise<unknown>;
}
