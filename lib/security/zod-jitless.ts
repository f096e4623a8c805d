import { z } from "zod";

/*
 * zod 4 probes `new Function("")` once to decide whether to compile its object parsers. Under the
 * pages' Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation, so the
 * browser bundle tells zod up front to parse without compiling. Imported once, by Providers.
 */
z.config({ jitless: true });
