import Expressions
import Foundation
import Testing

/// The context is a value: what a copy changes (time zone, now, execution id, outputs, variables)
/// never shows in the original.
@Suite struct EvaluationContextTests {
  @Test func outputsByModuleID() {
    var context = EvaluationContext(modules: [3: "three"])
    #expect(context.output(ofModule: 3) == "three")
    #expect(context.output(ofModule: 2) == .null)
    #expect(context.output(ofModule: -1) == .null)
    #expect(context.output(ofModule: 99) == .null)
    context.setOutput("one", ofModule: 1)
    context.setOutput("ignored", ofModule: -5)
    #expect(context.output(ofModule: 1) == "one")
    #expect(context.outputs.count == 4)
  }

  /// Outputs kept as their parts (an iterator item, a one-field bundle) read by field exactly as
  /// the bundles they stand for, and whole as those bundles.
  @Test func outputsKeptAsPartsReadAsTheirBundles() throws {
    var context = EvaluationContext()
    context.setOutput(.item("a", position: 2, length: 5), ofModule: 2)
    context.setOutput(.item(["value": 1, "__IMTINDEX__": 9, "x": ["y": true]], position: 1, length: 1), ofModule: 3)
    context.setOutput(.field("kept", 4), ofModule: 4)
    #expect(context.output(ofModule: 2) == ["value": "a", "__IMTINDEX__": 2, "__IMTLENGTH__": 5])
    #expect(context.output(ofModule: 3) == ["value": 1, "__IMTINDEX__": 1, "x": ["y": true], "__IMTLENGTH__": 1])
    #expect(context.output(ofModule: 4) == ["kept": 4])
    for (id, key) in [
      (2, "value"), (2, "__IMTINDEX__"), (2, "__IMTLENGTH__"), (2, "other"), (3, "value"), (3, "x"),
      (3, "__IMTINDEX__"), (3, "__IMTLENGTH__"), (3, "other"), (4, "kept"), (4, "other"),
    ] {
      #expect(context.field(key, ofModule: id) == context.output(ofModule: id).value(at: [.key(key)]), "\(id).\(key)")
    }
    #expect(
      try Template.compile("{{3.x.y}} {{2.value}} {{4.kept * 2}} {{3.other}}").evaluate(in: context) == "true a 8 ")
    // A lone `{{id.key}}` is read without its closure: the same values, also from outputs that are
    // not collections (a key applied to an array applies to each item).
    context.setOutput([["name": "a"], ["name": "b"]], ofModule: 5)
    context.setOutput("text", ofModule: 6)
    #expect(try Template.compile("{{2.value}}").evaluate(in: context) == "a")
    #expect(try Template.compile("{{2.__IMTLENGTH__}}").evaluate(in: context) == 5)
    #expect(try Template.compile("{{4.kept}}").evaluateField(in: context) == .value(4))
    #expect(try Template.compile("{{5.name}}").evaluate(in: context) == ["a", "b"])
    #expect(try Template.compile("{{6.name}}").evaluate(in: context) == .null)
    #expect(try Template.compile("{{9.name}}").evaluate(in: context) == .null)
  }

  @Test func systemVariablesFromTheExecution() {
    let now = Date(timeIntervalSince1970: 1000)
    let context = EvaluationContext(now: now, executionID: "abc", scenarioName: "Welcome", scenarioID: "7")
    #expect(context.systemVariables["execution.id"] == "abc")
    #expect(context.systemVariables["execution.startedAt"] == .date(now))
    #expect(context.systemVariables["scenario.name"] == "Welcome")
    #expect(context.systemVariables["scenario.id"] == "7")
    #expect(context.timeZone.secondsFromGMT() == 0)
  }

  @Test func copiesChangeIndependently() throws {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let original = EvaluationContext(
      modules: [1: ["a": 1]], variables: ["v": "x"], timeZone: try #require(TimeZone(identifier: "America/New_York")),
      now: start,
      executionID: "e1", scenarioName: "s")
    var copy = original
    copy.timeZone = try #require(TimeZone(identifier: "Europe/Prague"))
    copy.now = start.addingTimeInterval(60)
    copy.executionID = "e2"
    copy.setOutput(["a": 2], ofModule: 1)
    copy.variables["v"] = "y"

    #expect(original.timeZone.identifier == "America/New_York")
    #expect(original.now == start)
    #expect(original.executionID == "e1")
    #expect(original.field("a", ofModule: 1) == 1)
    #expect(original.variables["v"] == "x")
    #expect(copy.timeZone.identifier == "Europe/Prague")
    #expect(copy.now == start.addingTimeInterval(60))
    #expect(copy.executionID == "e2")
    #expect(copy.field("a", ofModule: 1) == 2)
    #expect(copy.variables["v"] == "y")
  }

  /// Variables with a slot and without one read the same by name, whole and in templates, and a
  /// name set by name lands in its slot when it has one.
  @Test func variablesInSlotsReadAsByName() throws {
    let slots = VariableSlots(names: ["kept", "size", "kept"])
    #expect(slots.names == ["kept", "size"])
    var context = EvaluationContext(variables: ["other": 1, "size": "small"], variableSlots: slots)
    #expect(context.variable(named: "size") == "small")
    #expect(context.variable(named: "kept") == nil)
    context.setVariable(4, slot: try #require(slots.slots["kept"]))
    #expect(context.variable(named: "kept") == 4)
    context.setVariable(6, named: "kept")
    #expect(context.variable(named: "kept") == 6)
    context.setVariable("x", named: "made")
    #expect(context.variables == ["other": 1, "size": "small", "kept": 6, "made": "x"])
    #expect(try Template.compile("{{var.kept}}-{{var.made}}-{{var.size}}").evaluate(in: context) == "6-x-small")

    context.variables = ["kept": true, "new": 2]
    #expect(context.variables == ["kept": true, "new": 2])
    #expect(context.variable(named: "size") == nil)
    #expect(context.variable(named: "kept") == true)
    #expect(try Template.compile("{{var.new}}").evaluate(in: context) == 2)
  }

  /// System variables are fixed when the context is made: changing `now` or the execution id later
  /// (as `eval --now` does) does not move `execution.startedAt` or `execution.id`.
  @Test func systemVariablesKeepWhatTheContextWasMadeWith() throws {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    var context = EvaluationContext(now: start, executionID: "e1", scenarioName: "welcome")
    context.now = start.addingTimeInterval(3600)
    context.executionID = "e2"
    #expect(context.systemVariable(named: "execution.startedAt") == .date(start))
    #expect(context.systemVariable(named: "execution.id") == "e1")
    #expect(context.systemVariable(named: "scenario.name") == "welcome")
    #expect(context.systemVariable(named: "scenario.id") == nil)
    #expect(try Template.compile("{{now}}").evaluate(in: context) == .date(start.addingTimeInterval(3600)))
  }
}
