// Renaming a property in the state dict, for keys that are not Swift names (`running_mean`,
// `upsample_block`). MLX-Swift does the same with `@ParameterInfo(key:)` / `@ModuleInfo(key:)`.

/// Gives the wrapped Parameter, Buffer, Module (or array of them) the state-dict key `key` instead of the
/// Swift property name:
///
///     /// Key `running_mean`.
///     @Key public var runningMean: Buffer
///     …
///     _runningMean = Key(wrappedValue: Buffer(...), "running_mean")   // in init
///
/// (A wrapper argument in the declaration, `@Key("running_mean")`, would need a value there too.)
@propertyWrapper
public struct Key<Value> {
    public let key: String
    public var wrappedValue: Value

    public init(wrappedValue: Value, _ key: String) {
        self.key = key
        self.wrappedValue = wrappedValue
    }
}

/// What Module's reflection sees of a `Key` wrapper, whatever its Value.
protocol RenamedProperty {
    var key: String { get }
    var anyValue: Any { get }
}

extension Key: RenamedProperty {
    var anyValue: Any { wrappedValue }
}
