/// One HTTP header (or query parameter) as a name and a value, in the order written: what a
/// Sonar call sends (`RawRequest`) and what an exchange records (`HTTPExchange`).
package struct HTTPHeader: Sendable, Hashable {
  package var name: String
  package var value: String

  package init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}
