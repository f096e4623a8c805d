import { PipelineSkeleton } from "@/components/pipelines/PipelineSkeleton";

export default function Loading() {
  return <PipelineSkeleton />;
}
