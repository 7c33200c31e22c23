import Engine
import Expressions
import Foundation
import History
import ScenarioModel
import Synchronization
import Testing

/// Flow control as Make does it: depth-first bundles, filters, routers, iterators, aggregators,
/// variables, operations.
@Suite struct InterpreterTests {
  static let header = """
    name: t
    trigger: { module: webhook.custom, params: { webhookName: t } }
    flow:

    """

  /// A runner that outputs the fields and params it was given.
  struct InputEcho: ModuleRunner {
    func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
      [.collection(["fields": .collection(input.fields), "params": .collection(input.params)])]
    }
  }

  @Test func definitionDefaultsReachTheRunnerAndWhatIsWrittenWins() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: http.request, map: { url: "http://127.0.0.1:9/a" } }
          - { id: 3, module: http.request, map: { url: "http://127.0.0.1:9/b", method: POST }, params: { timeout: 5 } }
        """, bundles: [[:]], runners: ModuleRunners(["http.request": InputEcho()]))
    #expect(result.status == .success)
    // http.request's definition: method GET, parseResponse true, timeout 40.
    #expect(output(of: 2, in: result)?.value(at: [.key("fields"), .key("method")]) == "GET")
    #expect(output(of: 2, in: result)?.value(at: [.key("params")]) == ["parseResponse": true, "timeout": 40])
    #expect(output(of: 3, in: result)?.value(at: [.key("fields"), .key("method")]) == "POST")
    #expect(output(of: 3, in: result)?.value(at: [.key("params"), .key("timeout")]) == 5)
  }

  @Test func nestedDefaultsOfACollectionSettingAreCompiledIn() throws {
    let compiled = try compile(
      """
      name: t
      trigger:
        module: webhook.custom
        params: { webhookName: t, signature: { header: X-Signature, secret: "env:SIGNING_KEY" } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: x, value: "{{1.a}}" } }
      """)
    #expect(
      compiled.constantTriggerParams["signature"]
        == ["header": "X-Signature", "secret": "env:SIGNING_KEY", "algorithm": "sha256", "encoding": "hex"])
  }

  @Test func iteratorThenArrayAggregatorCollectsEveryItem() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: util.setVariable, map: { name: last, value: "{{2.name}}" } }
          - { id: 4, module: flow.arrayAggregator, params: { source: 2 }, map: { value: "{{upper(2.name)}}" } }
          - { id: 5, module: util.getVariable, map: { name: last } }
        """, bundles: [["items": [["name": "a"], ["name": "b"], ["name": "c"]]]])
    #expect(result.status == .success)
    #expect(output(of: 4, in: result)?.value(at: [.key("array")]) == ["A", "B", "C"])
    #expect(output(of: 4, in: result)?.value(at: [.key("__IMTAGGLENGTH__")]) == 3)
    #expect(output(of: 5, in: result) == ["last": "c"])
    // trigger 1 + iterator 1 + set variable ×3 + aggregator 1 + get variable 1
    #expect(result.operations == 7)
  }

  @Test func iteratorGivesPrimitivesAValueFieldAndPositions() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.tags}}" } }
          - { id: 3, module: util.setVariable, map: { name: x, value: "{{2.value}}-{{2.__IMTINDEX__}}/{{2.__IMTLENGTH__}}" } }
        """, bundles: [["tags": ["vip", "new"]]])
    #expect(
      result.events.filter { $0.moduleID == 3 }.map { $0.outputs?.first } == [["x": "vip-1/2"], ["x": "new-2/2"]])
  }

  @Test func iteratorAddsPositionsToCollectionItems() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
        """, bundles: [["items": [["name": "a"], ["name": "b", "__IMTINDEX__": 9]]]])
    #expect(
      result.events.first { $0.moduleID == 2 }?.outputs == [
        ["name": "a", "__IMTINDEX__": 1, "__IMTLENGTH__": 2], ["name": "b", "__IMTINDEX__": 2, "__IMTLENGTH__": 2],
      ])
  }

  @Test func emptyArrayEndsThePathQuietlyButTheAggregatorStillAnswers() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: flow.numericAggregator, params: { source: 2, function: SUM }, map: { value: "{{2.value}}" } }
        """, bundles: [["items": []]])
    #expect(result.status == .success)
    #expect(output(of: 3, in: result) == ["result": 0])
  }

  @Test(arguments: [
    ("SUM", Value.number(10)), ("AVG", .number(2.5)), ("COUNT", .number(4)), ("MIN", .number(1)), ("MAX", .number(4)),
  ])
  func numericAggregatorFunctions(function: String, expected: Value) async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.n}}" } }
          - { id: 3, module: flow.numericAggregator, params: { source: 2, function: \(function) }, map: { value: "{{2.value}}" } }
        """, bundles: [["n": [1, 2, 3, 4]]])
    #expect(output(of: 3, in: result)?.value(at: [.key("result")]) == expected)
  }

  @Test func textAggregatorGroupsInOrderOfFirstAppearance() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.rows}}" } }
          - id: 3
            module: flow.textAggregator
            params: { source: 2, groupBy: "{{2.team}}", separator: "+" }
            map: { text: "{{2.name}}" }
        """,
      bundles: [["rows": [["team": "b", "name": "x"], ["team": "a", "name": "y"], ["team": "b", "name": "z"]]]])
    let outputs = result.events.filter { $0.moduleID == 3 }.compactMap { $0.outputs?.first }
    #expect(outputs == [["text": "x+z", "__IMTKEY__": "b"], ["text": "y", "__IMTKEY__": "a"]])
    #expect(result.operations == 1 + 1 + 2, "an aggregator costs one operation per output")
  }

  @Test func aggregatorOverTheTriggerCollectsEveryTriggerBundle() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.textAggregator, params: { source: 1, separator: "," }, map: { text: "{{1.n}}" } }
        """, bundles: [["n": 1], ["n": 2], ["n": 3]])
    #expect(result.events.filter { $0.moduleID == 2 }.count == 1)
    #expect(output(of: 2, in: result) == ["text": "1,2,3"])
  }

  @Test func filterStopsTheBundleWithoutAnOperation() async throws {
    let result = try await run(
      Self.header + """
          - id: 2
            module: util.setVariable
            filter: { name: Big only, conditions: [[ { a: "{{1.n}}", op: "number:greater", b: 10 } ]] }
            map: { name: v, value: "{{1.n}}" }
        """, bundles: [["n": 5], ["n": 50]])
    #expect(result.operations == 2)
    #expect(result.events.filter(\.isFiltered).map(\.filterName) == ["Big only"])
    #expect(output(of: 2, in: result) == ["v": 50])
  }

  @Test func routerRunsEveryPassingRouteInOrderAndFallbackOnlyWhenNonePassed() async throws {
    let yaml =
      Self.header + """
          - id: 2
            module: flow.router
            routes:
              - filter: { conditions: [[ { a: "{{1.n}}", op: "number:greater", b: 0 } ]] }
                flow: [ { id: 3, module: util.setVariable, map: { name: r, value: positive } } ]
              - filter: { conditions: [[ { a: "{{1.n}}", op: "number:greater", b: 10 } ]] }
                flow: [ { id: 4, module: util.setVariable, map: { name: r, value: big } } ]
              - fallback: true
                flow: [ { id: 5, module: util.setVariable, map: { name: r, value: other } } ]
        """
    let big = try await run(yaml, bundles: [["n": 50]])
    #expect(big.events.map(\.moduleID) == [1, 3, 4])
    let negative = try await run(yaml, bundles: [["n": -1]])
    #expect(negative.events.map(\.moduleID) == [1, 5])
    #expect(negative.operations == 2, "the router costs no operation")
  }

  @Test func variablesSetOnOneRouteAreVisibleOnTheNext() async throws {
    let result = try await run(
      Self.header + """
          - id: 2
            module: flow.router
            routes:
              - flow: [ { id: 3, module: util.setVariable, map: { name: seen, value: yes } } ]
              - flow: [ { id: 4, module: util.getVariable, map: { name: seen } } ]
        """, bundles: [[:]])
    #expect(output(of: 4, in: result) == ["seen": "yes"])
  }

  @Test func bundlesGoDepthFirst() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: util.setVariable, map: { name: a, value: "{{2.value}}" } }
          - { id: 4, module: util.setVariable, map: { name: b, value: "{{2.value}}" } }
        """, bundles: [["items": [1, 2]], ["items": [3]]])
    #expect(result.events.map(\.moduleID) == [1, 2, 3, 4, 3, 4, 2, 3, 4])
  }

  @Test func mappingErrorsPointAtTheTemplate() async throws {
    let result = try await run(
      Self.header + """
          - id: 2
            module: util.setVariable
            map: { name: x, value: "{{parseDate(1.when; \\"YYYY-MM-DD\\")}}" }
        """, bundles: [["when": "not a date"]])
    #expect(result.status == .error)
    #expect(result.error?.type == .dataError)
    #expect(result.errorLocation?.line == 6)
    #expect(result.errorModuleID == 2)
  }

  @Test func jsonParseFansOutArrays() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: json.parse, map: { json: "{{1.raw}}" } }
          - { id: 3, module: util.setVariable, map: { name: id, value: "{{2.id}}" } }
        """, bundles: [["raw": "[{\"id\": 1}, {\"id\": 2}]"]])
    #expect(result.events.filter { $0.moduleID == 3 }.compactMap { $0.outputs?.first } == [["id": 1], ["id": 2]])
  }

  @Test func recordedOperationsAreBoundedButAllAreCounted() async throws {
    var options = Engine.Options()
    options.maxRecordedOperations = 100
    let items = (0..<5_000).map { Value.number(Double($0)) }
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: util.setVariable, map: { name: v, value: "{{2.value}}" } }
          - { id: 4, module: flow.numericAggregator, params: { source: 2, function: SUM }, map: { value: "{{3.v}}" } }
        """, bundles: [["items": .array(items)]], options: options)
    #expect(result.events.count == 100)
    #expect(result.isTruncated)
    #expect(result.operations == 1 + 1 + 5_000 + 1)
    #expect(output(of: 4, in: result) == nil, "not recorded past the bound")
  }

  /// Set variables with a literal name are kept in slots: one set by a name made at run time,
  /// read with `util.getVariable` or `{{var.…}}`, and the resume state see the same variables.
  @Test func variablesWithLiteralAndComputedNamesAreOne() async throws {
    let result = try await run(
      """
      name: t
      settings: { storeIncomplete: true }
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - { id: 2, module: util.setVariable, map: { name: kept, value: 1 } }
        - { id: 3, module: util.setVariable, map: { name: "{{1.name}}", value: 2 } }
        - { id: 4, module: util.getVariable, map: { name: kept } }
        - { id: 5, module: util.setVariable, map: { name: other, value: "{{var.kept}}-{{4.kept}}" } }
        - { id: 6, module: util.setVariable, map: { name: "{{1.made}}", value: 3 } }
        - { id: 7, module: http.request, map: { url: "https://example.com", body: { fail: true } } }
      """, bundles: [["name": "kept", "made": "made"]], runners: ScriptedRunner.runners())
    #expect(output(of: 4, in: result) == ["kept": 2])
    #expect(output(of: 5, in: result) == ["other": "2-2"])
    let state = try #require(result.incomplete.first?.resumeState)
    #expect(state.variables == ["kept": 2, "other": "2-2", "made": 3])

    // Resumed, the variables are restored by name (into their slots in this scenario).
    let fixed = try compile(
      """
      name: t
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - { id: 7, module: util.setVariable, map: { name: kept, value: "{{var.kept}}+{{var.made}}" } }
        - { id: 8, module: util.getVariable, map: { name: other } }
      """)
    let resumed = await Engine(runners: BuiltinRunners.all).resume(fixed, from: state, triggerBundle: ["name": "kept"])
    #expect(resumed.status == .success)
    #expect(output(of: 7, in: resumed) == ["kept": "2+3"])
    #expect(output(of: 8, in: resumed) == ["other": "2-2"])
  }

  @Test func cancellationInterruptsTheExecution() async throws {
    let compiled = try compile(
      Self.header + """
          - { id: 2, module: util.sleep, map: { delay: 1 } }
          - { id: 3, module: util.sleep, map: { delay: 1 } }
        """)
    let engine = Engine(runners: BuiltinRunners.all)
    let task = Task { await engine.run(compiled, triggerBundles: [[:]]) }
    try await Task.sleep(for: .milliseconds(100))
    task.cancel()
    let result = await task.value
    #expect(result.status == .interrupted || result.status == .error)
    #expect(result.operations < 3)
  }

  /// A walk of flow tools alone (no module that calls out or waits) still stops on cancellation:
  /// within eight bundles, not at the end of the iterator's thousand items.
  @Test func cancellationStopsAWalkOfFlowToolsWithinEightBundles() async throws {
    let compiled = try compile(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: util.setVariable, map: { name: last, value: "{{2.value}}" } }
        """)
    let engine = Engine(runners: BuiltinRunners.all)
    let items = Value.array((0..<1000).map { .number(Double($0)) })
    // Cancelled before the execution starts: the sleep ends at once, and the run begins cancelled.
    let task = Task {
      try? await Task.sleep(for: .seconds(60))
      return await engine.run(compiled, triggerBundles: [["items": items]])
    }
    task.cancel()
    let result = await task.value
    #expect(result.status == .interrupted)
    #expect(result.operations <= 2 + 8)
  }

  /// A stopped bundle keeps the outputs of its own path only: a sibling route's module, or the
  /// items of an earlier iteration, are not part of it. Run with and without an error handler
  /// elsewhere in the scenario.
  @Test(arguments: [false, true])
  func incompleteBundlesKeepOnlyTheirPath(withHandler: Bool) async throws {
    let handler = withHandler ? ", onError: { then: ignore }" : ""
    let result = try await run(
      """
      name: t
      settings: { storeIncomplete: true }
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
        - id: 3
          module: flow.router
          routes:
            - flow: [ { id: 4, module: util.setVariable, map: { name: seen, value: "{{2.value}}" }\(handler) } ]
            - flow: [ { id: 5, module: util.setVariable, map: { name: "{{2.name}}", value: x } } ]
        - { id: 6, module: util.setVariable, map: { name: never, value: "{{4.seen}}" } }
      """, bundles: [["items": [1, 2]]])
    #expect(result.status == .warning)
    #expect(result.incomplete.count == 2)
    for (offset, bundle) in result.incomplete.enumerated() {
      #expect(bundle.moduleID == 5)
      #expect(bundle.resumeState.outputs.keys.sorted() == [1, 2])
      #expect(bundle.resumeState.outputs[2]?.value(at: [.key("__IMTINDEX__")]) == .number(Double(offset + 1)))
      #expect(bundle.resumeState.variables["seen"] == .number(Double(offset + 1)))
    }
    #expect(result.events.map(\.moduleID) == [1, 2, 4, 5, 4, 5])
    #expect(result.operations == 1 + 1 + 2 + 2)
  }

  /// After an aggregator, its source and the modules between them read as empty again, and a
  /// later bundle never sees an earlier bundle's outputs.
  @Test func outputsDoNotLeakAcrossBundlesOrPastAnAggregator() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: util.setVariable, map: { name: a, value: "{{1.n}}" } }
          - { id: 3, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 4, module: util.setVariable, map: { name: b, value: "{{3.value}}" } }
          - { id: 5, module: flow.arrayAggregator, params: { source: 3 }, map: { value: "{{4.b}}" } }
          - { id: 6, module: util.setVariable, map: { name: c, value: "{{2.a}}/{{3.value}}/{{4.b}}/{{length(5.array)}}" } }
        """, bundles: [["n": 1, "items": [10, 20]], ["n": 2]])
    let outputs = result.events.filter { $0.moduleID == 6 }.compactMap { $0.outputs?.first }
    #expect(outputs == [["c": "1///2"], ["c": "2///0"]])
  }

  /// A field left out with `ignore` moves the fields after it: a flow tool still reads each one by
  /// its name, and the recorded input lacks the ignored field.
  @Test func flowToolsReadTheirFieldsWhenAnEarlierOneIsIgnored() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: util.setVariable, map: { value: "{{ignore}}", name: x } }
          - { id: 3, module: util.setVariable, map: { value: "{{if(1.skip; ignore; 1.v)}}", name: y } }
        """, bundles: [["skip": true, "v": 1], ["skip": false, "v": 2]])
    #expect(result.status == .success)
    let events = result.events.filter { $0.moduleID == 3 }
    #expect(output(of: 2, in: result) == ["x": nil])
    #expect(result.events.first { $0.moduleID == 2 }?.input == ["name": "x"])
    #expect(events.map(\.input) == [["name": "y"], ["value": 2, "name": "y"]])
    #expect(events.map { $0.outputs?.first } == [["y": nil], ["y": 2]])
  }

  /// Each operation's duration is its own work: a slow module's time is not charged to the module
  /// after it, nor is the time the observer takes with an event.
  @Test func durationsCoverEachOperationOnly() async throws {
    let compiled = try compile(
      Self.header + """
          - { id: 2, module: http.request, map: { url: "https://example.com", body: { n: "{{1.n}}" } } }
          - { id: 3, module: util.setVariable, map: { name: a, value: "{{1.n}}" } }
          - { id: 4, module: util.setVariable, map: { name: b, value: "{{3.a}}" } }
        """)
    let engine = Engine(
      runners: BuiltinRunners.all.merging(ScriptedRunner.runners(ScriptedRunner(delay: .milliseconds(200)))))
    let result = await engine.run(compiled, triggerBundles: [["n": 1]]) { event in
      // A slow observer (a blocked terminal): 100 ms after module 3's event.
      if event.moduleID == 3 { usleep(100_000) }
    }
    let durations = Dictionary(uniqueKeysWithValues: result.events.map { ($0.moduleID, $0.duration) })
    #expect(result.status == .success)
    #expect(try #require(durations[2]) >= .milliseconds(200))
    #expect(try #require(durations[3]) < .milliseconds(100))
    #expect(try #require(durations[4]) < .milliseconds(100))
    #expect(try #require(durations[1]) < .milliseconds(100))
  }

  /// With a manual clock the recorded times are exact: the start is the clock's date (the mapping's
  /// `now`), each operation lasts from one reading to the next, and the end is the last reading.
  @Test func aManualClockMakesEveryRecordedTimeExact() async throws {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    var options = Engine.Options()
    options.clock = .manual(ManualClock(start: start, step: .milliseconds(1)))
    let result = try await run(
      Self.header + """
          - { id: 2, module: util.setVariable, map: { name: a, value: "{{1.n}}" } }
          - { id: 3, module: util.setVariable, map: { name: b, value: "{{formatDate(now; X)}}" } }
          - { id: 4, module: util.getVariable, map: { name: b } }
        """, bundles: [["n": 1]], options: options)
    #expect(result.status == .success)
    #expect(result.events.map(\.duration) == Array(repeating: .milliseconds(1), count: 4))
    #expect(result.startedAt == start)
    // Read: the start (0), the first boundary (1 ms), four operations (2–5 ms), the end (6 ms).
    #expect(result.finishedAt == start.addingTimeInterval(0.006))
    #expect(output(of: 4, in: result) == ["b": "1800000000"])
  }

  /// An error and where it happened survive on the event, and either can be changed alone.
  @Test func eventsKeepTheirErrorAndItsLocation() async throws {
    let result = try await run(
      Self.header + """
          - id: 2
            module: util.setVariable
            map: { name: x, value: "{{parseDate(1.when; \\"YYYY-MM-DD\\")}}" }
        """, bundles: [["when": "not a date"]])
    var event = try #require(result.events.last)
    #expect(event.error?.type == .dataError)
    #expect(event.errorLocation?.line == 6)
    event.error = nil
    #expect(event.error == nil)
    #expect(event.errorLocation?.line == 6)
    event.errorLocation = nil
    #expect(event.errorLocation == nil)
    event.error = ModuleError(.runtimeError, "set later")
    #expect(event.error?.message == "set later")
    #expect(event.errorLocation == nil)
    #expect(result.events.first?.error == nil && result.events.first?.errorLocation == nil)
  }

  /// The observer sees every operation in order, also past the bound of recorded ones, and the
  /// recorded ones are the same events it saw first.
  @Test func theObserverSeesEveryOperationPastTheBound() async throws {
    var options = Engine.Options()
    options.maxRecordedOperations = 5
    let compiled = try compile(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: util.setVariable, filter: { conditions: [[ { a: "{{2.value}}", op: "number:greater", b: 9 } ]] }, map: { name: v, value: "{{2.value}}" } }
        """)
    let seen = Observed()
    let engine = Engine(runners: BuiltinRunners.all, options: options)
    let result = await engine.run(compiled, triggerBundles: [["items": .array((0..<20).map { .number(Double($0)) })]]) {
      event in
      seen.append(event)
    }
    let events = seen.events
    #expect(events.map(\.sequence) == Array(1...22))
    #expect(events.filter(\.isFiltered).count == 10)
    #expect(result.operations == 1 + 1 + 10)
    #expect(result.isTruncated)
    #expect(result.events.map(\.sequence) == [1, 2, 3, 4, 5])
    #expect(result.events.map(\.input) == events.prefix(5).map(\.input))
    #expect(result.events.map(\.outputs) == events.prefix(5).map(\.outputs))
  }

  /// Iterator items and set-variable outputs are kept as their parts while the walk runs; read by
  /// field, read whole, read along a longer path, or read from the events afterwards, they are the
  /// bundles the tools always made (keys in the same order, position fields replacing an item's
  /// own in place).
  @Test func outputsKeptAsPartsReadAsTheirBundles() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: util.setVariable, map: { name: item, value: "{{`2`}}" } }
          - { id: 4, module: util.setVariable, map: { name: read, value: "{{2.value.x}}|{{2.name}}|{{2.__IMTINDEX__}}/{{2.__IMTLENGTH__}}" } }
          - { id: 5, module: util.setVariable, map: { name: whole, value: "{{`3`}}" } }
          - { id: 6, module: util.setVariable, map: { name: other, value: "{{3.item.__IMTINDEX__}}|{{4.read}}|{{ifempty(4.missing; \\"none\\")}}" } }
        """, bundles: [["items": ["a", ["name": "b", "__IMTLENGTH__": 0, "value": ["x": 7]], 3]]])
    #expect(result.status == .success)
    let items: [Value] = [
      ["value": "a", "__IMTINDEX__": 1, "__IMTLENGTH__": 3],
      ["name": "b", "__IMTLENGTH__": 3, "value": ["x": 7], "__IMTINDEX__": 2],
      ["value": 3, "__IMTINDEX__": 3, "__IMTLENGTH__": 3],
    ]
    let iterator = try #require(result.events.first { $0.moduleID == 2 })
    #expect(iterator.input == ["array": .array(["a", ["name": "b", "__IMTLENGTH__": 0, "value": ["x": 7]], 3])])
    #expect(iterator.outputs == items)
    // Key order is part of the bundle (it is what history and `run --format json` show).
    #expect(iterator.outputs?.map { $0.jsonText() } == items.map { $0.jsonText() })
    #expect(result.events.filter { $0.moduleID == 3 }.map { $0.outputs?.first } == items.map { ["item": $0] })
    #expect(result.events.filter { $0.moduleID == 3 }.map(\.input) == items.map { ["name": "item", "value": $0] })
    #expect(
      result.events.filter { $0.moduleID == 4 }.map { $0.outputs?.first } == [
        ["read": "||1/3"], ["read": "7|b|2/3"], ["read": "||3/3"],
      ])
    #expect(
      result.events.filter { $0.moduleID == 5 }.map { $0.outputs?.first } == items.map { ["whole": ["item": $0]] })
    #expect(
      result.events.filter { $0.moduleID == 6 }.map { $0.outputs?.first } == [
        ["other": "1|||1/3|none"], ["other": "2|7|b|2/3|none"], ["other": "3|||3/3|none"],
      ])
  }

  /// An iterator's and a set variable's event keeps only the input, and makes the outputs from it
  /// when read: the same bundles whether the name is a literal or made at run time, when the
  /// event is shown to an observer as it happens, and after the event's input is replaced.
  @Test func toolOutputsAreMadeFromTheRecordedInput() async throws {
    let scenario = try compile(
      Self.header + """
          - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
          - { id: 3, module: util.setVariable, map: { name: "v{{2.__IMTINDEX__}}", value: "{{2.value}}" } }
          - { id: 4, module: util.setVariable, map: { name: last, value: "{{`3`}}" } }
        """)
    let seen = Observed()
    let result = await Engine(runners: BuiltinRunners.all).run(
      scenario, triggerBundles: [["items": [10, "x"]]], observer: { event in seen.append(event) })
    #expect(result.status == .success)
    #expect(output(of: 2, in: result) == ["value": 10, "__IMTINDEX__": 1, "__IMTLENGTH__": 2])
    #expect(result.events.filter { $0.moduleID == 3 }.map { $0.outputs?.first } == [["v1": 10], ["v2": "x"]])
    #expect(
      result.events.filter { $0.moduleID == 4 }.map { $0.outputs?.first } == [
        ["last": ["v1": 10]], ["last": ["v2": "x"]],
      ])
    #expect(seen.events.map(\.outputs) == result.events.map(\.outputs))
    var event = try #require(result.events.first { $0.moduleID == 3 })
    event.input = ["name": "replaced", "value": 0]
    #expect(event.input == ["name": "replaced", "value": 0])
    #expect(event.outputs == [["v1": 10]])
  }

  /// A flow tool's input is kept as its field values and read as its bundle: in field order, and
  /// when a mapping fails, with the fields evaluated before the failing one.
  @Test func flowToolInputsReadAsTheirBundles() async throws {
    let result = try await run(
      Self.header + """
          - { id: 2, module: util.setVariable, map: { value: "{{1.v}}", name: first } }
          - { id: 3, module: util.getVariable, map: { name: first } }
          - { id: 4, module: util.setVariable, map: { name: x, value: "{{parseDate(1.when; \\"YYYY-MM-DD\\")}}" } }
        """, bundles: [["v": 1, "when": "not a date"]])
    #expect(result.status == .error)
    #expect(result.events.map(\.input) == [nil, ["value": 1, "name": "first"], ["name": "first"], ["name": "x"]])
    #expect(
      result.events.map(\.input).map { $0?.jsonText() } == [
        nil, #"{"value":1,"name":"first"}"#, #"{"name":"first"}"#, #"{"name":"x"}"#,
      ])
    #expect(result.events.map(\.outputs) == [[["v": 1, "when": "not a date"]], [["first": 1]], [["first": 1]], nil])

    let failsFirst = try await run(
      Self.header + """
          - { id: 2, module: util.setVariable, map: { value: "{{parseDate(1.when; \\"YYYY-MM-DD\\")}}", name: x } }
        """, bundles: [["when": "not a date"]])
    #expect(failsFirst.events.last?.input == .collection([:]))
    #expect(failsFirst.events.last?.error?.type == .dataError)
  }

  /// A stopped bundle's resume state holds the bundles of the outputs kept as parts: the item and
  /// the set variable's output, built from them.
  @Test func resumeStateHoldsTheBundlesOfOutputsKeptAsParts() async throws {
    let result = try await run(
      """
      name: t
      settings: { storeIncomplete: true }
      trigger: { module: webhook.custom, params: { webhookName: t } }
      flow:
        - { id: 2, module: flow.iterator, map: { array: "{{1.items}}" } }
        - { id: 3, module: util.setVariable, map: { name: seen, value: "{{2.value}}" } }
        - { id: 4, module: http.request, map: { url: "https://example.com", body: { fail: true } } }
      """, bundles: [["items": ["a", ["value": "b"]]]], runners: ScriptedRunner.runners())
    #expect(result.status == .warning)
    #expect(result.incomplete.count == 2)
    #expect(
      result.incomplete.map(\.resumeState.outputs[2]) == [
        ["value": "a", "__IMTINDEX__": 1, "__IMTLENGTH__": 2], ["value": "b", "__IMTINDEX__": 2, "__IMTLENGTH__": 2],
      ])
    #expect(result.incomplete.map(\.resumeState.outputs[3]) == [["seen": "a"], ["seen": "b"]])
    #expect(result.incomplete.map { $0.resumeState.outputs.keys.sorted() } == [[1, 2, 3], [1, 2, 3]])
  }
}

/// Events handed to an observer, from whichever thread it is called on.
private final class Observed: Sendable {
  private let list = Mutex<[OperationEvent]>([])

  func append(_ event: OperationEvent) { list.withLock { $0.append(event) } }
  var events: [OperationEvent] { list.withLock { $0 } }
}
