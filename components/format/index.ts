export { formatDuration, formatMs } from "./duration";
export { formatRelativeAge, formatAbsoluteTime } from "./relative-time";
export { formatCount } from "./number";
