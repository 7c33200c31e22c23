/// A hook's secret URL segment: 32 characters of RFC 4648's base32 alphabet in lower case, 160
/// bits from the system's cryptographically secure generator (`getrandom` on Linux), made once per
/// hook and kept in the database.
package enum WebhookSecret {
  private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

  /// The length of every secret.
  package static let length = 32

  /// `{publicURL}/hooks/{hook}/{secret}`, or the path alone without a public URL: the URL a
  /// sender posts to, as `sonarflow webhooks list` and the console show it.
  package static func url(hook: String, secret: String, publicURL: String?) -> String {
    (publicURL ?? "") + "/hooks/\(hook)/\(secret)"
  }

  package static func generate() -> String {
    var generator = SystemRandomNumberGenerator()
    // 32 symbols: each takes 5 bits of a random byte, so every symbol is equally likely.
    let bytes = (0..<length).map { _ in alphabet[Int(generator.next() as UInt8) & 31] }
    return String(decoding: bytes, as: UTF8.self)
  }
}
