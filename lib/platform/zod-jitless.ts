import { z } from "zod";

/*
 * zod 4 probes `new Function("")` once to decide whether to compile its object parsers. Under the
 * pages' Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation, so in the
 * browser zod is told up front to parse without compiling. Imported by the client-side modules that
 * use zod (the pages' query-parameter parsers), so zod stays out of pages that do not need it; the
 * server keeps zod's compiled parsers.
 */
if (typeof window !== "undefined") z.config({ jitless: true });
