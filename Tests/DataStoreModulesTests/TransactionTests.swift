import Basics
import DataStoreModules
import Engine
import Expressions
import History
import Testing

/// Make's transactions for the data stores: with autoCommit off an execution's writes become
/// visible when it ends in success, and are dropped on error, rollback or a dry run; with it on
/// each write is visible at once. The probe (module 3) reports whether module 2's record is in
/// the database itself at that moment.
@Suite(.serialized) struct TransactionTests {
  private func scenario(autoCommit: Bool = false, storeIncomplete: Bool = false, onError: String = "") -> String {
    """
    name: t
    settings: { autoCommit: \(autoCommit), storeIncomplete: \(storeIncomplete) }
    trigger: { module: webhook.custom, params: { webhookName: t } }
    flow:
      - { id: 2, module: datastore.addRecord, params: { store: s }, map: { key: "{{1.key}}", record: { v: 1 } } }
      - { id: 4, module: datastore.recordExists, params: { store: s }, map: { key: "{{1.key}}" } }
      - id: 3
        module: http.request
        map: { url: "https://example.com", body: { fail: "{{1.fail}}", key: "{{1.key}}", store: s } }
    \(onError)
    """
  }

  @Test(arguments: Database.available)
  func writesBecomeVisibleWhenTheExecutionSucceeds(_ database: Database) async throws {
    try await database.withStores { store, other in
      let result = await engine(store).run(try compile(scenario()), triggerBundles: [["key": "k", "fail": false]])
      #expect(result.status == .success, "\(String(describing: result.error))")
      #expect(output(of: 4, in: result) == ["exists": true], "the execution reads its own write")
      #expect(output(of: 3, in: result) == ["visible": false], "the write was visible before the commit")
      #expect(try await other.record("k", in: "s") != nil, "the write was not committed")
    }
  }

  @Test(arguments: Database.available)
  func anUnhandledErrorRollsTheWritesBack(_ database: Database) async throws {
    try await database.withStores { store, _ in
      let result = await engine(store).run(
        try compile(scenario()), triggerBundles: [["key": "ok", "fail": false], ["key": "bad", "fail": true]])
      #expect(result.status == .error)
      #expect(try await store.count(in: "s") == 0, "the execution's writes were kept")
    }
  }

  @Test(arguments: Database.available)
  func theRollbackDirectiveRollsBackAndCommitKeeps(_ database: Database) async throws {
    try await database.withStores { store, _ in
      let rolledBack = await engine(store).run(
        try compile(scenario(onError: "    onError: { then: rollback }")),
        triggerBundles: [["key": "a", "fail": false], ["key": "b", "fail": true]])
      #expect(rolledBack.status == .error)
      #expect(try await store.count(in: "s") == 0)
      let committed = await engine(store).run(
        try compile(scenario(onError: "    onError: { then: commit }")),
        triggerBundles: [["key": "a", "fail": false], ["key": "b", "fail": true], ["key": "c", "fail": false]])
      #expect(committed.status == .success)
      #expect(try await store.records(in: "s").map(\.key) == ["a", "b"], "commit keeps the writes made before it")
    }
  }

  @Test(arguments: Database.available)
  func autoCommitMakesEachWriteVisibleAtOnceAndKeepsItOnError(_ database: Database) async throws {
    try await database.withStores { store, _ in
      let result = await engine(store).run(
        try compile(scenario(autoCommit: true)),
        triggerBundles: [["key": "a", "fail": false], ["key": "b", "fail": true]])
      #expect(result.status == .error)
      #expect(outputs(of: 3, in: result).first == ["visible": true])
      #expect(try await store.records(in: "s").map(\.key) == ["a", "b"], "auto-committed writes were undone")
    }
  }

  @Test(arguments: Database.available)
  func aBreakKeepsTheOtherBundlesWrites(_ database: Database) async throws {
    try await database.withStores { store, _ in
      let result = await engine(store).run(
        try compile(scenario(storeIncomplete: true, onError: "    onError: { then: break }")),
        triggerBundles: [["key": "a", "fail": false], ["key": "b", "fail": true]])
      #expect(result.status == .warning)
      #expect(result.incomplete.count == 1)
      #expect(try await store.count(in: "s") == 2, "an execution ending in warning commits")
    }
  }

  @Test(arguments: Database.available)
  func aDryRunReadsButWritesNothing(_ database: Database) async throws {
    try await database.withStores { store, _ in
      var options = Engine.Options()
      options.isDryRun = true
      for autoCommit in [false, true] {
        let result = await engine(store, options: options).run(
          try compile(scenario(autoCommit: autoCommit)), triggerBundles: [["key": "k", "fail": false]])
        #expect(result.status == .success)
        #expect(output(of: 4, in: result) == ["exists": true])
        #expect(try await store.count(in: "s") == 0, "a dry run wrote (autoCommit \(autoCommit))")
      }
    }
  }
}
