import Expressions
import OrderedCollections

/// The fields a flow tool reads, evaluated.
struct ToolInput {
  var array: Value
  var name: Value
  var value: Value

  /// Read by the positions worked out when the module was compiled; by key when a field was
  /// left out (`ignore`), which moves the ones after it.
  init(_ fields: borrowing OrderedDictionary<String, Value>, of module: borrowing CompiledModule) {
    let positions = module.toolFieldPositions
    if fields.count == module.fieldList.count {
      array = positions.array.map { fields.values[$0] } ?? .null
      name = positions.name.map { fields.values[$0] } ?? .null
      value = positions.value.map { fields.values[$0] } ?? .null
    } else {
      array = fields["array"] ?? .null
      name = fields["name"] ?? .null
      value = fields["value"] ?? .null
    }
  }

  /// Read from the values of a tool's (at most two, all evaluated) fields, by the positions
  /// worked out when the module was compiled.
  init(_ first: borrowing Value, _ second: borrowing Value, of module: borrowing CompiledModule) {
    let positions = module.toolFieldPositions
    array = positions.array.map { $0 == 0 ? copy first : copy second } ?? .null
    name = positions.name.map { $0 == 0 ? copy first : copy second } ?? .null
    value = positions.value.map { $0 == 0 ? copy first : copy second } ?? .null
  }
}
