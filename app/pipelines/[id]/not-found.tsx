import { PipelineNotFound } from "@/components/pipeline-page/PipelineNotFound";

export default function NotFound() {
  return <PipelineNotFound />;
}
