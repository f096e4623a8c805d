import { PipelineSkeleton } from "@/components/pipeline-page/PipelineSkeleton";

export default function Loading() {
  return <PipelineSkeleton />;
}
