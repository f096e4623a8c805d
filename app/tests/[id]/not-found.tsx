import { TestNotFound } from "@/components/test/TestStates";

export default function NotFound() {
  return <TestNotFound />;
}
