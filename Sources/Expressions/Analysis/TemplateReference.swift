/// A module output a template reads: `{{2.items[1].name}}` is module 2, path `items[1].name`.
package struct TemplateReference: Sendable, Hashable {
  package var moduleID: Int
  /// Empty for the whole bundle (`` {{`2`}} ``).
  package var path: [PathComponent]
  /// Where the reference is written in the template (Unicode scalars, 0-based).
  package var offset: Int
  package var length: Int

  /// The first key of the path: the output field of the module, if the path starts with one.
  package var field: String? {
    if case .key(let key) = path.first { return key }
    return nil
  }
}
