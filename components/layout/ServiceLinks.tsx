import Link from "next/link";

/** More services than fit a header row are found through the overview's search instead. */
export const MAX_HEADER_SERVICES = 8;

/** The header's links to each service page, or to the overview when there are too many. */
export function ServiceLinks({ services }: { services: readonly string[] }) {
  const linked = services.length <= MAX_HEADER_SERVICES ? services : [];
  return (
    <ul className="flex shrink-0 items-center gap-4" aria-label="Services">
      {services.length > MAX_HEADER_SERVICES && (
        <li>
          <Link href="/" className="whitespace-nowrap text-body hover:text-ink hover:underline">
            {services.length} services
          </Link>
        </li>
      )}
      {linked.map((name) => (
        <li key={name}>
          <Link href={`/services/${encodeURIComponent(name)}`} className="whitespace-nowrap text-body hover:text-ink hover:underline">
            {name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
