package import Expressions
package import Foundation

/// Everything needed to continue a stopped bundle from the module that failed: the outputs of the
/// modules before it and the execution's variables. Stored as JSON in history.
package struct ResumeState: Sendable {
  package var failedModuleID: Int
  /// Module outputs by module id on the failed bundle's path (the trigger's bundle under 1).
  package var outputs: [Int: Value]
  package var variables: [String: Value]

  package init(failedModuleID: Int, outputs: [Int: Value], variables: [String: Value]) {
    self.failedModuleID = failedModuleID
    self.outputs = outputs
    self.variables = variables
  }

  package var jsonData: Data {
    var outputObject: [String: Any] = [:]
    for (id, value) in outputs { outputObject[String(id)] = value.jsonObject }
    var variableObject: [String: Any] = [:]
    for (name, value) in variables { variableObject[name] = value.jsonObject }
    let object: [String: Any] = [
      "failedModuleID": failedModuleID, "outputs": outputObject, "variables": variableObject,
    ]
    return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
  }

  package init?(jsonData: Data) {
    guard let object = try? JSONSerialization.jsonObject(with: jsonData) as? [String: Any],
      let failed = object["failedModuleID"] as? Int
    else { return nil }
    failedModuleID = failed
    var outputs: [Int: Value] = [:]
    for (key, value) in object["outputs"] as? [String: Any] ?? [:] {
      if let id = Int(key) { outputs[id] = Value(jsonObject: value) }
    }
    self.outputs = outputs
    var variables: [String: Value] = [:]
    for (key, value) in object["variables"] as? [String: Any] ?? [:] { variables[key] = Value(jsonObject: value) }
    self.variables = variables
  }
}
