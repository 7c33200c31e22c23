package import Foundation

/// Everything a template can read while it evaluates: module outputs by module id, variables,
/// the scenario time zone, the moment of evaluation and the execution's identity.
///
/// Module outputs are an array indexed by module id, so `{{3.x}}` reads slot 3 without hashing.
/// Each is kept as the module made it (`ModuleOutput`): an iterator item or a set variable's output
/// is read by field from its parts and built as a bundle only when read whole.
package struct EvaluationContext: Sendable {
  /// `outputs[id]` is module `id`'s current output; `.bundle(.null)` where a module has none.
  package var outputs: [ModuleOutput] { storedOutputs }
  /// Reached by the inlinable accessors below: the interpreter sets and reads an output several
  /// times per bundle, and a call into this module for each was a measurable part of the walk.
  @usableFromInline var storedOutputs: [ModuleOutput]
  /// Values set with `util.setVariable` (and any other custom variables), read as `{{var.name}}`,
  /// by name. Built from the two stores below when read whole (resume state, `eval`), and spread
  /// over them when assigned.
  package var variables: [String: Value] {
    get {
      var all = namedVariables
      for (slot, value) in slotVariables.enumerated() {
        if let value { all[variableSlots.names[slot]] = value }
      }
      return all
    }
    set {
      namedVariables = [:]
      slotVariables = Array(repeating: nil, count: variableSlots.names.count)
      for (name, value) in newValue { setVariable(value, named: name) }
    }
  }
  /// The values of the variables that have a slot (`variableSlots`), by slot; nil where unset.
  /// A set variable whose name is a literal writes here by position, without hashing its name.
  private var slotVariables: [Value?]
  /// The values of the variables without a slot (names made at run time), by name.
  private var namedVariables: [String: Value]
  /// Which names have a slot: fixed for a scenario when it is compiled.
  /// Read by the inlinable `variableName(ofSlot:)`: a set variable names its output with it for
  /// every operation.
  @usableFromInline let variableSlots: VariableSlots
  /// What the system variables report, fixed when the context is made.
  private let system: System
  /// The scenario time zone: formatting, parsing and calendar arithmetic happen in it.
  package var timeZone: TimeZone
  /// The value of `now` (and `timestamp`) for this evaluation.
  package var now: Date
  package var executionID: String
  /// How long one function call or filter condition may spend matching a regular expression on
  /// bundle data before it fails with `expression.regexTimeLimit` (see `RegexSupport.timeLimit`).
  package var regexTimeLimit = RegexSupport.timeLimit

  package init(
    modules: [Int: Value] = [:],
    variables: [String: Value] = [:],
    variableSlots: VariableSlots = .none,
    timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
    now: Date = Date(),
    executionID: String = "",
    scenarioName: String? = nil,
    scenarioID: String? = nil
  ) {
    self.init(
      outputs: [], variableSlots: variableSlots, timeZone: timeZone, now: now, executionID: executionID,
      scenarioName: scenarioName, scenarioID: scenarioID)
    for (name, value) in variables { setVariable(value, named: name) }
    for (id, output) in modules { setOutput(output, ofModule: id) }
  }

  /// A context for one execution of a compiled scenario. `outputs` is the scenario's table of
  /// module outputs with none set (`.bundle(.null)` in every slot), made once and shared until an
  /// output is set: making the table, and the table of variables, for every execution looked up
  /// their array types in the runtime's metadata cache each time.
  package init(
    outputs: [ModuleOutput], variableSlots: VariableSlots, timeZone: TimeZone, now: Date, executionID: String,
    scenarioName: String?, scenarioID: String? = nil
  ) {
    storedOutputs = outputs
    self.variableSlots = variableSlots
    slotVariables = variableSlots.unset
    namedVariables = [:]
    self.timeZone = timeZone
    self.now = now
    self.executionID = executionID
    system = System(executionID: executionID, startedAt: now, scenarioName: scenarioName, scenarioID: scenarioID)
  }

  /// The variable `name`'s value, nil when it was never set.
  package func variable(named name: String) -> Value? {
    if let slot = variableSlots.slots[name] { return slotVariables[slot] }
    return namedVariables[name]
  }

  /// Sets the variable `name`, in its slot when it has one.
  package mutating func setVariable(_ value: Value, named name: String) {
    if let slot = variableSlots.slots[name] {
      slotVariables[slot] = value
    } else {
      namedVariables[name] = value
    }
  }

  /// The name of the variable in `slot` (a position in this context's `VariableSlots`).
  @inlinable
  package func variableName(ofSlot slot: Int) -> String {
    variableSlots.names[slot]
  }

  /// Sets the variable in `slot` (a position in this context's `VariableSlots`), without hashing
  /// its name.
  package mutating func setVariable(_ value: Value, slot: Int) {
    slotVariables[slot] = value
  }

  /// System variables by dotted name (`scenario.name`, `execution.id`), read as
  /// `{{var.scenario.name}}`. See `SystemVariables.documented`.
  package var systemVariables: [String: Value] {
    var values: [String: Value] = [:]
    for name in ["execution.id", "execution.startedAt", "scenario.name", "scenario.id"] {
      values[name] = systemVariable(named: name)
    }
    return values
  }

  /// One system variable, nil when this context does not know it. Answered from stored fields, so
  /// making a context per execution builds no dictionary.
  package func systemVariable(named name: String) -> Value? {
    switch name {
    case "execution.id": .text(system.executionID)
    case "execution.startedAt": .date(system.startedAt)
    case "scenario.name": system.scenarioName.map(Value.text)
    case "scenario.id": system.scenarioID.map(Value.text)
    default: nil
    }
  }

  private struct System: Sendable {
    var executionID: String
    var startedAt: Date
    var scenarioName: String?
    var scenarioID: String?
  }

  /// Stores `output` as module `id`'s bundle (ids below 0 are ignored).
  package mutating func setOutput(_ output: Value, ofModule id: Int) {
    setOutput(.bundle(output), ofModule: id)
  }

  /// Stores `output` as module `id`'s output (ids below 0 are ignored).
  package mutating func setOutput(_ output: ModuleOutput, ofModule id: Int) {
    guard id >= 0, id < 1_000_000 else { return }
    if id >= storedOutputs.count {
      storedOutputs.append(contentsOf: repeatElement(.bundle(.null), count: id - storedOutputs.count + 1))
    }
    storedOutputs[id] = output
  }

  /// Stores `output` as module `id`'s output and hands back the one it replaces (`.bundle(.null)`
  /// when there was none), moved out rather than copied, so a caller can put it back when a
  /// branch ends.
  @inlinable @inline(__always)
  package mutating func exchangeOutput(_ output: consuming ModuleOutput, ofModule id: Int) -> ModuleOutput {
    guard id >= 0, id < storedOutputs.count else { return exchangeGrowing(output, ofModule: id) }
    var output = output
    swap(&storedOutputs[id], &output)
    return output
  }

  @usableFromInline
  mutating func exchangeGrowing(_ output: consuming ModuleOutput, ofModule id: Int) -> ModuleOutput {
    guard id >= 0, id < 1_000_000 else { return .bundle(.null) }
    setOutput(output, ofModule: id)
    return .bundle(.null)
  }

  /// The field `key` of module `id`'s bundle (`.null` when absent); nil when the bundle is not a
  /// collection. Reads the output in place: `{{3.field}}` is the most common mapping, and copying
  /// the bundle out to read one field would retain and release its storage every time (or, for an
  /// iterator item or a set variable's output, build the bundle).
  @inlinable
  package func field(_ key: String, ofModule id: Int) -> Value? {
    guard id >= 0 && id < storedOutputs.count else { return nil }
    return storedOutputs[id].field(key)
  }

  /// Module `id`'s bundle, or `.null` when the module has produced nothing.
  @inlinable
  package func output(ofModule id: Int) -> Value {
    id >= 0 && id < storedOutputs.count ? storedOutputs[id].bundle : .null
  }
}

/// The variable names given a slot when a scenario is compiled (the literal names of its set
/// variables), so setting one is a write by position instead of a hashed look-up of the name:
/// one per set variable, the same work the hand-written chain does, and about 5 % of the walk.
///
/// A class, immutable and shared by every execution of the scenario. Reads and writes by name
/// (`{{var.name}}`, a name made at run time, resume state) find the slot here, so a variable is in
/// exactly one place however it was set.
package final class VariableSlots: Sendable {
  /// The name of each slot.
  package let names: [String]
  /// Each name's slot.
  package let slots: [String: Int]
  /// A value for each slot, none set: the variables of a new context.
  let unset: [Value?]

  /// No name has a slot: every variable is kept by name.
  package static let none = VariableSlots(names: [])

  /// Slots for `names`, in order; a repeated name keeps its first slot.
  package init(names: [String]) {
    var unique: [String] = []
    var slots: [String: Int] = [:]
    for name in names where slots[name] == nil {
      slots[name] = unique.count
      unique.append(name)
    }
    self.names = unique
    self.slots = slots
    unset = Array(repeating: nil, count: unique.count)
  }
}

/// The system variables sonarflow knows, read as `{{var.<namespace>.<name>}}` (Make publishes
/// their labels, not their tokens; reference §4.6).
package enum SystemVariables {
  package static let documented: [String] = [
    "execution.creditsConsumed", "execution.dataConsumed", "execution.id", "execution.isIncomplete",
    "execution.name", "execution.operationsConsumed", "execution.startedAt", "execution.type", "execution.url",
    "organization.dataLeft", "organization.id", "organization.name", "organization.remainingCredits",
    "organization.zoneDomain", "scenario.id", "scenario.name", "scenario.url", "team.id", "team.name",
  ]

  /// The first path keys that name a system namespace rather than a custom variable.
  package static let namespaces: Set<String> = ["execution", "organization", "scenario", "team"]
}
