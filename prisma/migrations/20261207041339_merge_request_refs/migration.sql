-- Merge-request pipelines stored before their ref kind existed were stored as branches: reclassify
-- them (and the copy of the ref kind their jobs carry), as the sync now classifies them.
UPDATE "pipeline"
SET "ref_kind" = 'MERGE_REQUEST',
    "merge_request_iid" = substring("ref" from '^refs/merge-requests/([0-9]+)/')::int
WHERE "ref" ~ '^refs/merge-requests/[0-9]+/(head|merge|train)$' OR "source" = 'merge_request_event';

UPDATE "job" j
SET "ref_kind" = 'MERGE_REQUEST'
FROM "pipeline" p
WHERE j."pipeline_id" = p."id" AND p."ref_kind" = 'MERGE_REQUEST' AND j."ref_kind" <> 'MERGE_REQUEST';
