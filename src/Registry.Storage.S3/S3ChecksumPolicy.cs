namespace Registry.Storage.S3;

/// <summary>When the S3 client adds and checks integrity checksums (the SDK's <c>RequestChecksumCalculation</c> and <c>ResponseChecksumValidation</c>).</summary>
public enum S3ChecksumPolicy
{
    /// <summary>On every operation that supports one: the SDK's default, right for Amazon S3.</summary>
    WhenSupported = 0,

    /// <summary>
    /// Only where the operation requires one: for S3-compatible servers that do not understand the trailing
    /// checksums of newer SDKs (s3rver, older MinIO, ...).
    /// </summary>
    WhenRequired = 1,
}
