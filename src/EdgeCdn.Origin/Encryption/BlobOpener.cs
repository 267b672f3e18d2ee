namespace EdgeCdn.Origin.Encryption;

/// <summary>Opens a reader over the plaintext of blob <paramref name="blobId"/> holding <paramref name="plaintextSize"/> bytes.</summary>
internal delegate BlobDataReader BlobOpener(string blobId, long plaintextSize);
