/**
 * The data bucket behind `ObjectStore`, through the AWS SDK v3 that the Node.js
 * Lambda runtime provides (so the deployment package carries no dependencies).
 * The client is injected: tests pass a fake `send`.
 */
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { ObjectDetails, ObjectStore, UpstreamFailure } from "./app";

export type S3Sender = Pick<S3Client, "send">;

export function s3ObjectStore(client: S3Sender, bucket: string): ObjectStore {
    return {
        async list(prefix, limit) {
            try {
                const out = await client.send(
                    new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, MaxKeys: limit }),
                );
                return {
                    objects: (out.Contents ?? []).map((o) => ({
                        key: o.Key ?? "",
                        size: o.Size ?? 0,
                        lastModified: o.LastModified?.toISOString(),
                    })),
                    truncated: out.IsTruncated === true,
                };
            } catch (err) {
                throw new UpstreamFailure("s3", err);
            }
        },
        async head(key): Promise<ObjectDetails | undefined> {
            try {
                const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
                return {
                    key,
                    size: out.ContentLength ?? 0,
                    lastModified: out.LastModified?.toISOString(),
                    contentType: out.ContentType,
                    etag: out.ETag,
                };
            } catch (err) {
                // HeadObject has no body, so a missing key surfaces as `NotFound` (404); the
                // role holds s3:ListBucket, so S3 answers 404 rather than 403 for missing keys.
                if (isNotFound(err)) return undefined;
                throw new UpstreamFailure("s3", err);
            }
        },
    };
}

function isNotFound(err: unknown): boolean {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
    return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}
