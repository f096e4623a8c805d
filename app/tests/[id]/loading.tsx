import { TestSkeleton } from "@/components/test/TestStates";

export default function Loading() {
  return <TestSkeleton />;
}
