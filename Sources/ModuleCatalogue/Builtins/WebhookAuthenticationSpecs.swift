/// The fields of `webhook.custom`'s `signature` and `headerSecret` settings.
package enum WebhookAuthenticationSpecs {
  package static let signature: [FieldSpec] = [
    FieldSpec(
      "header", "Header", .text, required: true,
      help: "The request header carrying the signature, such as X-Shopify-Hmac-Sha256 or X-Hub-Signature-256.",
      allowsTemplate: false),
    FieldSpec(
      "algorithm", "Algorithm", .select(["sha256", "sha1"]), help: "The HMAC's hash function.", default: "sha256",
      allowsTemplate: false),
    FieldSpec(
      "encoding", "Encoding", .select(["hex", "base64"]),
      help: "How the header writes the HMAC: hex (GitHub) or base64 (Shopify).", default: "hex", allowsTemplate: false),
    FieldSpec(
      "prefix", "Prefix", .text,
      help: "Text before the HMAC in the header, such as 'sha256=' for GitHub; none when left out.",
      allowsTemplate: false),
    FieldSpec(
      "secret", "Secret", .secret, required: true,
      help: "The signing key: env:NAME or file:/path, never the key itself.", allowsTemplate: false),
  ]

  package static let headerSecret: [FieldSpec] = [
    FieldSpec(
      "header", "Header", .text, required: true,
      help: "The request header carrying the secret, such as X-Webhook-Token.",
      allowsTemplate: false),
    FieldSpec(
      "secret", "Secret", .secret, required: true,
      help: "The expected value: env:NAME or file:/path, never the value itself.", allowsTemplate: false),
  ]
}
