import ArgumentParser
import Basics
import Foundation
import History

/// `sonarflow datastore`: the data stores in the history database (docs/datastores.md), as the
/// Data store modules see them. Writes here are committed at once.
struct DatastoreCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datastore",
    abstract: "List, read, write, export and import the data stores in the history database.",
    subcommands: [List.self, Get.self, Put.self, Delete.self, Export.self, Import.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Every data store with its record count and size, or the records of one store.")

    @Argument(help: "A store's name: list its records.") var store: String?
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      if let store {
        let records = try await history.withServeStore(readOnly: true) { try await $0.records(in: store) }
        switch format {
        case .json: Output.write(JSONValue.array(records.map(DatastoreCommand.json)).text(pretty: true) + "\n")
        case .human:
          guard !records.isEmpty else {
            Output.write("no records in data store '\(TextEscaping.escape(store))'\n")
            return
          }
          Output.write(records.map(DatastoreCommand.line).joined())
        }
        return
      }
      let stores = try await history.withServeStore(readOnly: true) { try await $0.dataStores() }
      switch format {
      case .json:
        let objects = stores.map {
          JSONValue.object(
            JSONObject([("name", .string($0.name)), ("records", .int($0.records)), ("bytes", .int($0.bytes))]))
        }
        Output.write(JSONValue.array(objects).text(pretty: true) + "\n")
      case .human:
        guard !stores.isEmpty else {
          Output.write("no data stores in \(history.displayName) (a store exists once a record is written to it)\n")
          return
        }
        let names = stores.map { TextEscaping.escape($0.name) }
        let width = max(6, names.map(\.count).max() ?? 0) + 2
        var text = "STORE".padding(toLength: width, withPad: " ", startingAt: 0) + "RECORDS  BYTES\n"
        for (store, name) in zip(stores, names) {
          text += name.padding(toLength: width, withPad: " ", startingAt: 0)
          text += String(store.records).padding(toLength: 9, withPad: " ", startingAt: 0) + "\(store.bytes)\n"
        }
        Output.write(text)
      }
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print one record's fields as JSON (exit 1 when missing).")

    @OptionGroup var record: RecordArguments

    func run() async throws {
      let (store, key) = (record.store, record.key)
      let found = try await record.history.withServeStore(readOnly: true) { try await $0.record(key, in: store) }
      guard let found else { throw record.noRecord() }
      Output.write(JSONValue.object(found.fields).text(pretty: record.format == .json) + "\n")
    }
  }

  struct Put: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add or replace a record: its fields as a JSON object.")

    @OptionGroup var record: RecordArguments
    @Argument(help: "The record's fields, a JSON object such as '{\"sentOn\":\"2026-01-31\"}'.") var json: String

    func run() async throws {
      let (store, key) = (record.store, record.key)
      let fields = try DatastoreCommand.object(json, what: "the record")
      try await DatastoreCommand.apply([.put(store: store, key: key, fields: fields, overwrite: true)], record.history)
      switch record.format {
      case .json: Output.write(DatastoreCommand.json(DataStoreRecord(key: key, fields: fields)).serialized + "\n")
      case .human: Output.write("stored '\(TextEscaping.escape(key))' in data store '\(TextEscaping.escape(store))'\n")
      }
    }
  }

  struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete a record (exit 1 when there is none).")

    @OptionGroup var record: RecordArguments

    func run() async throws {
      let (store, key) = (record.store, record.key)
      let existed = try await record.history.withServeStore { database in
        let existed = try await database.record(key, in: store) != nil
        try await database.apply([.delete(store: store, key: key)], limits: .none)
        return existed
      }
      guard existed else { throw record.noRecord() }
      switch record.format {
      case .json: Output.write(JSONValue.object(JSONObject([("deleted", .string(key))])).serialized + "\n")
      case .human:
        Output.write("deleted '\(TextEscaping.escape(key))' from data store '\(TextEscaping.escape(store))'\n")
      }
    }
  }

  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print every record of a store as a JSON array of {key, data}, the form import reads.")

    @Argument(help: "The store's name.") var store: String
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      let records = try await history.withServeStore(readOnly: true) { try await $0.records(in: store) }
      Output.write(JSONValue.array(records.map(DatastoreCommand.json)).text(pretty: true) + "\n")
    }
  }

  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add or replace records from a JSON array of {key, data} (what export prints), all or none.")

    @Argument(help: "The store's name.") var store: String
    @Argument(help: "The JSON file, or - for standard input.") var file: String
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      guard let data = InputFile.data(file) else {
        Output.error("error: no such file: '\(TextEscaping.escape(file))'")
        throw ExitCode(ExitStatus.usage)
      }
      let value: JSONValue
      do {
        value = try JSONParser.parse(Array(data))
      } catch {
        Output.error("error: \(TextEscaping.escape(file)) is not valid JSON: \(error)")
        throw ExitCode(ExitStatus.usage)
      }
      guard let items = value.arrayValue else {
        Output.error("error: \(TextEscaping.escape(file)) must hold a JSON array of {\"key\": …, \"data\": {…}}")
        throw ExitCode(ExitStatus.usage)
      }
      var writes: [DataStoreWrite] = []
      for (index, item) in items.enumerated() {
        guard let object = item.objectValue, let key = object["key"]?.stringValue, !key.isEmpty,
          let fields = object["data"]?.objectValue ?? (object["data"] == nil ? JSONObject() : nil)
        else {
          Output.error(
            "error: item \(index + 1) of \(TextEscaping.escape(file)) must be {\"key\": \"…\", \"data\": {…}}")
          throw ExitCode(ExitStatus.usage)
        }
        writes.append(.put(store: store, key: key, fields: fields, overwrite: true))
      }
      try await DatastoreCommand.apply(writes, history)
      switch format {
      case .json: Output.write(JSONValue.object(JSONObject([("imported", .int(writes.count))])).serialized + "\n")
      case .human:
        Output.write(
          "imported \(writes.count) record\(writes.count == 1 ? "" : "s") into data store '\(TextEscaping.escape(store))'\n"
        )
      }
    }
  }

  /// What get, put and delete take: a record's store and key, and where the database is.
  struct RecordArguments: ParsableArguments {
    @Argument(help: "The store's name.") var store: String
    @Argument(help: "The record's key.") var key: String
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    /// Says there is no such record and gives the exit status 1 to throw.
    func noRecord() -> ExitCode {
      Output.error("error: no record '\(TextEscaping.escape(key))' in data store '\(TextEscaping.escape(store))'")
      return ExitCode(ExitStatus.failure)
    }
  }

  /// Parses `text` as a JSON object, or exits with status 2 saying what was wrong.
  static func object(_ text: String, what: String) throws -> JSONObject {
    let value: JSONValue
    do {
      value = try JSONParser.parse(text)
    } catch {
      Output.error("error: \(what) is not valid JSON: \(error)")
      throw ExitCode(ExitStatus.usage)
    }
    guard let object = value.objectValue else {
      Output.error("error: \(what) must be a JSON object such as '{\"name\":\"Ann\"}'")
      throw ExitCode(ExitStatus.usage)
    }
    return object
  }

  /// Applies `writes` in one transaction; a refused write (a full store) exits with status 1.
  static func apply(_ writes: [DataStoreWrite], _ history: HistoryOptions) async throws {
    do {
      try await history.withServeStore { try await $0.apply(writes, limits: .none) }
    } catch let error as DataStoreError {
      Output.error("error: \(TextEscaping.escape(error.description))")
      throw ExitCode(ExitStatus.failure)
    }
  }

  static func json(_ record: DataStoreRecord) -> JSONValue {
    .object(JSONObject([("key", .string(record.key)), ("data", .object(record.fields))]))
  }

  static func line(_ record: DataStoreRecord) -> String {
    "\(TextEscaping.escape(record.key))  \(TextEscaping.escape(JSONValue.object(record.fields).serialized))\n"
  }
}
