import { PipelineNotFound } from "@/components/pipelines/PipelineNotFound";

export default function NotFound() {
  return <PipelineNotFound />;
}
