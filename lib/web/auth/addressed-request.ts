import { NextRequest } from "next/server";

/*
 * Next.js rewrites loopback hosts in a NextRequest's URL to "localhost" (127.0.0.1:3000 becomes
 * localhost:3000), while Auth.js's server-side sign-in builds the OAuth redirect_uri from the Host
 * header. The redirect_uri must be the same string when the code is redeemed, and the browser must
 * come back to the origin holding its cookies, so Auth.js's routes get the URL as the browser
 * addressed it: Host (or X-Forwarded-Host behind a proxy) and X-Forwarded-Proto.
 */
class AddressedRequest extends NextRequest {
  readonly #addressed: string;

  constructor(request: NextRequest, addressed: URL) {
    super(addressed, request);
    this.#addressed = addressed.toString();
  }

  override get url(): string {
    return this.#addressed;
  }
}

/** The request with the URL its sender used; unchanged without a Host header or when AUTH_URL decides. */
export function asAddressed(request: NextRequest, authUrl: string | undefined = process.env.AUTH_URL): NextRequest {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (authUrl || !host) return request;
  const protocol = request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(/:$/, "");
  return new AddressedRequest(request, new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, `${protocol}://${host}`));
}
