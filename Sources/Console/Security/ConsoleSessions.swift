import Basics
import Crypto
import Expressions
package import Foundation

/// The console's login sessions, kept in a signed cookie rather than a table: the cookie holds an
/// expiry and a random nonce, signed with a key derived from the console token. Changing the token
/// changes the key, which revokes every session at once; nothing is stored on the server.
///
/// The CSRF token of a session is derived from the same key and the session's nonce, so a page can
/// carry it in its forms and a POST is checked without any stored state either.
package struct ConsoleSessions: Sendable {
  /// The cookie's name; the cookie is scoped to `/console`.
  package static let cookieName = "sonarflow_console"
  /// How long a login lasts.
  package static let defaultLifetime: TimeInterval = 12 * 3600

  private let tokenDigest: [UInt8]
  private let key: SymmetricKey
  package let lifetime: TimeInterval

  /// One signed-in browser: when its cookie stops being accepted and its CSRF token.
  package struct Session: Sendable, Hashable {
    package var expiresAt: Date
    package var csrfToken: String
  }

  package init(token: String, lifetime: TimeInterval = ConsoleSessions.defaultLifetime) {
    tokenDigest = Array(SHA256.hash(data: Data(token.utf8)))
    // A key of its own for the console, so the token itself never signs anything.
    let derived = HMAC<SHA256>.authenticationCode(
      for: Data("sonarflow console sessions".utf8), using: SymmetricKey(data: Data(token.utf8)))
    key = SymmetricKey(data: Data(derived))
    self.lifetime = lifetime
  }

  /// Whether `candidate` is the console token. Both are hashed first, so the comparison takes the
  /// same time whatever the candidate's length, and it has no early exit.
  package func isToken(_ candidate: String) -> Bool {
    ConstantTime.equals(Array(SHA256.hash(data: Data(candidate.utf8))), tokenDigest)
  }

  /// A new session's cookie value and the session it stands for.
  package func issue(now: Date = Date()) -> (cookie: String, session: Session) {
    let expiry = Int64((now.timeIntervalSince1970 + lifetime).rounded(.down))
    let nonce = Hexadecimal.lowercase(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
    let payload = "\(expiry).\(nonce)"
    let cookie = "\(payload).\(signature(payload))"
    return (cookie, session(expiry: expiry, nonce: nonce))
  }

  /// The session a cookie value stands for, or nil when it is malformed, forged (signed with
  /// another token's key) or expired.
  package func session(fromCookie value: String, now: Date = Date()) -> Session? {
    let parts = value.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let expiry = Int64(parts[0]), parts[1].count == 32 else { return nil }
    let payload = "\(parts[0]).\(parts[1])"
    guard ConstantTime.equals(Array(parts[2].utf8), Array(signature(payload).utf8)) else { return nil }
    guard Double(expiry) > now.timeIntervalSince1970 else { return nil }
    return session(expiry: expiry, nonce: String(parts[1]))
  }

  /// Whether a form's CSRF token is the session's, compared in constant time.
  package func isCSRFToken(_ candidate: String?, of session: Session) -> Bool {
    guard let candidate else { return false }
    return ConstantTime.equals(Array(candidate.utf8), Array(session.csrfToken.utf8))
  }

  private func session(expiry: Int64, nonce: String) -> Session {
    Session(
      expiresAt: Date(timeIntervalSince1970: Double(expiry)),
      csrfToken: signature("csrf.\(nonce)"))
  }

  private func signature(_ text: String) -> String {
    Hexadecimal.lowercase(Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
  }
}
