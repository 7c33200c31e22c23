/// The type of a module's input field, which decides what `validate` accepts and what the JSON
/// Schema offers editors.
package indirect enum FieldType: Sendable, Hashable {
  case text
  case number
  /// A whole number, optionally bounded.
  case integer(min: Int?, max: Int?)
  case boolean
  /// A date/time: ISO 8601 text, a timestamp, or a mapped date.
  case date
  case url
  /// A phone number, preferably E.164 such as +13105551234.
  case phone
  case email
  /// One of a fixed set of values.
  case select([String])
  case array(of: FieldType)
  /// A mapping with named fields.
  case collection([FieldSpec])
  /// Anything: text, number, list or mapping.
  case any
  /// A reference to a secret kept outside the scenario: `env:NAME` or `file:/path`
  /// (``SecretReference``); a literal secret is refused by `validate`.
  case secret
  /// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`) or one address.
  case network

  /// How the type reads in messages and docs: "text", "list of text", ….
  package var label: String {
    switch self {
    case .text: "text"
    case .number: "number"
    case .integer: "whole number"
    case .boolean: "boolean"
    case .date: "date"
    case .url: "URL"
    case .phone: "phone number"
    case .email: "email address"
    case .select(let options): "one of \(options.joined(separator: ", "))"
    case .array(let item): "list of \(item.label)"
    case .collection: "mapping"
    case .any: "any value"
    case .secret: "secret reference (env:NAME or file:/path)"
    case .network: "IP network (CIDR)"
    }
  }

  /// Whether a single text value (possibly produced by a template) fits this type.
  package var acceptsText: Bool {
    switch self {
    case .array, .collection: false
    default: true
    }
  }
}
