import Crypto

/// The digests behind `md5`, `sha1`, `sha256` and `sha512`, and HMAC over them, from swift-crypto.
package enum DigestAlgorithm: String, Sendable, CaseIterable {
  case md5, sha1, sha256, sha512

  package func hash(_ message: [UInt8]) -> [UInt8] {
    switch self {
    case .md5: Array(Insecure.MD5.hash(data: message))
    case .sha1: Array(Insecure.SHA1.hash(data: message))
    case .sha256: Array(SHA256.hash(data: message))
    case .sha512: Array(SHA512.hash(data: message))
    }
  }

  /// RFC 2104 HMAC.
  package func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
    let key = SymmetricKey(data: key)
    switch self {
    case .md5: return Array(HMAC<Insecure.MD5>.authenticationCode(for: message, using: key))
    case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
    case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
    }
  }
}
