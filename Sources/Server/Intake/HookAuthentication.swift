import Basics
import Crypto
package import Engine
import Expressions
import Foundation
import HTTPTypes
import ModuleCatalogue
import OrderedCollections

/// What a custom webhook requires besides its secret URL (`webhook.custom`'s `signature`,
/// `headerSecret` and `allowFrom`), with the secrets read from the environment or their files
/// when the scenario loads. Sonar watch triggers take none: Sonar signs nothing, so for them the
/// secret URL is the authentication.
package struct HookAuthentication: Sendable {
  struct Signature: Sendable {
    enum Algorithm: String, Sendable { case sha256, sha1 }
    enum Encoding: String, Sendable { case hex, base64 }
    var header: HTTPField.Name
    var algorithm: Algorithm
    var encoding: Encoding
    var prefix: String
    var key: SymmetricKey
  }

  struct HeaderSecret: Sendable {
    var header: HTTPField.Name
    var value: [UInt8]
  }

  var signature: Signature?
  var headerSecret: HeaderSecret?
  /// Empty: any peer.
  var allowFrom: [IPNetwork] = []

  /// Nothing beyond the secret URL.
  package static let none = HookAuthentication()

  /// A setting that cannot be used: a secret that cannot be read, a header name that is not one.
  package struct Failure: Error, CustomStringConvertible {
    package var setting: String
    package var reason: String
    package var description: String { "'\(setting)': \(reason)" }
  }

  private init() {}

  /// Reads the trigger's settings (as compiled: literals, checked by `validate`) and the secrets
  /// they refer to in `environment` or their files.
  package init(trigger compiled: CompiledScenario, environment: [String: String]) throws(Failure) {
    let params = compiled.constantTriggerParams
    // Nested defaults (`algorithm`, `encoding`) are compiled in, as top-level ones are.
    func textField(_ fields: OrderedDictionary<String, Value>, _ name: String) -> String? {
      if case .text(let value)? = fields[name] { return value }
      return nil
    }
    if case .collection(let fields)? = params["signature"] {
      func text(_ name: String) -> String? { textField(fields, name) }
      guard let algorithm = text("algorithm").flatMap(Signature.Algorithm.init(rawValue:)),
        let encoding = text("encoding").flatMap(Signature.Encoding.init(rawValue:))
      else {
        throw Failure(setting: "signature", reason: "unknown algorithm or encoding")
      }
      signature = Signature(
        header: try Self.header(text("header"), setting: "signature.header"), algorithm: algorithm,
        encoding: encoding, prefix: text("prefix") ?? "",
        key: SymmetricKey(data: try Self.secret(text("secret"), setting: "signature.secret", environment: environment)))
    }
    if case .collection(let fields)? = params["headerSecret"] {
      func text(_ name: String) -> String? { textField(fields, name) }
      headerSecret = HeaderSecret(
        header: try Self.header(text("header"), setting: "headerSecret.header"),
        value: try Self.secret(text("secret"), setting: "headerSecret.secret", environment: environment))
    }
    if case .array(let items)? = params["allowFrom"] {
      for item in items {
        guard case .text(let text) = item, let network = IPNetwork(text) else {
          throw Failure(setting: "allowFrom", reason: "not an IP network: \(item.rendered)")
        }
        allowFrom.append(network)
      }
    }
  }

  /// Whether a request from `peer` (its address's bytes; nil when unknown) may post.
  func allows(peer: [UInt8]?) -> Bool {
    guard !allowFrom.isEmpty else { return true }
    guard let peer else { return false }
    return allowFrom.contains { $0.contains(peer) }
  }

  /// Whether the request carries the signature and header secret required, if any; both are
  /// compared in constant time.
  func verifies(body: [UInt8], headers: HTTPFields) -> Bool {
    if let headerSecret {
      guard let given = headers[headerSecret.header], ConstantTime.equals(Array(given.utf8), headerSecret.value)
      else { return false }
    }
    if let signature {
      guard let given = headers[signature.header], given.hasPrefix(signature.prefix),
        let mac = Self.decode(given.dropFirst(signature.prefix.count), signature.encoding)
      else { return false }
      switch signature.algorithm {
      case .sha256:
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: signature.key)
      case .sha1:
        return HMAC<Insecure.SHA1>.isValidAuthenticationCode(mac, authenticating: body, using: signature.key)
      }
    }
    return true
  }

  private static func decode(_ text: Substring, _ encoding: Signature.Encoding) -> [UInt8]? {
    switch encoding {
    case .base64:
      return Data(base64Encoded: String(text)).map(Array.init)
    case .hex:
      return Hexadecimal.bytes(text)
    }
  }

  private static func header(_ name: String?, setting: String) throws(Failure) -> HTTPField.Name {
    guard let name, let field = HTTPField.Name(name) else {
      throw Failure(setting: setting, reason: "'\(name ?? "")' is not an HTTP header name")
    }
    return field
  }

  private static func secret(
    _ reference: String?, setting: String, environment: [String: String]
  ) throws(Failure) -> [UInt8] {
    guard let reference, let parsed = SecretReference(reference) else {
      throw Failure(setting: setting, reason: "must be env:NAME or file:/path")
    }
    do {
      return try parsed.resolve(environment: environment)
    } catch {
      throw Failure(setting: setting, reason: error.description)
    }
  }
}
