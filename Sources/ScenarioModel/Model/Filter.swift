/// Make's filter: the bundle passes when any AND-group of conditions holds entirely.
package struct Filter: Sendable, Hashable {
  package var name: String?
  /// OR of AND-groups.
  package var conditions: [[Condition]]
  package var location: SourceLocation

  package init(name: String?, conditions: [[Condition]], location: SourceLocation) {
    self.name = name
    self.conditions = conditions
    self.location = location
  }
}

/// One comparison `a op b`, with Make's operator id such as `text:equal` or `number:greater`.
package struct Condition: Sendable, Hashable {
  package var a: YAMLNode
  package var op: Located<String>
  /// Absent for unary operators such as `exist`.
  package var b: YAMLNode?
  package var location: SourceLocation

  package init(a: YAMLNode, op: Located<String>, b: YAMLNode?, location: SourceLocation) {
    self.a = a
    self.op = op
    self.b = b
    self.location = location
  }
}
