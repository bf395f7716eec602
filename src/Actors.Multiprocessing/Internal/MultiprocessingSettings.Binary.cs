namespace Actors.Multiprocessing.Internal;

/// <summary>
/// The settings as bytes, for a child's prelude: a child starts with its parent's settings without parsing
/// HOCON (that parse, and the JIT of Akka's parser, cost a cold child about 0.1 s of CPU).
/// </summary>
internal sealed partial record MultiprocessingSettings
{
    private MultiprocessingSettings(BinaryReader reader)
    {
        OutputDrainTimeout = ReadTime(reader);
        OutputPartialLineWait = ReadTime(reader);
        WarmHosts = reader.ReadInt32();
        WarmHostsMax = reader.ReadInt32();
        WarmHostsIdle = ReadTime(reader);
        Tls = reader.ReadBoolean();
        PidWatchInterval = ReadTime(reader);
        FullStackTraces = reader.ReadBoolean();
        DisallowUnsafeTypes = reader.ReadBoolean();
        SpillSize = reader.ReadInt32();
        PeerCheckInterval = ReadTime(reader);
        RingSize = reader.ReadInt64();
        RemoteWaitSlice = ReadTime(reader);
        SharedMemoryTransferHold = ReadTime(reader);
        SharedMemoryDomain = reader.ReadString();
        RemoteLease = ReadTime(reader);
        ExitFlushTimeout = ReadTime(reader);
        Pool = new PoolTuning(
            DispatchAhead: ReadTime(reader),
            MaxTasksAhead: reader.ReadInt32(),
            PipelineBelow: ReadTime(reader),
            StallAfter: ReadTime(reader),
            OutcomeBatch: reader.ReadInt32(),
            OutcomeDelay: ReadTime(reader),
            BootFailureLimit: reader.ReadInt32(),
            RouterTimeout: ReadTime(reader));
    }

    /// <summary>Reads the settings <see cref="WriteTo"/> wrote.</summary>
    public static MultiprocessingSettings ReadFrom(BinaryReader reader) => new(reader);

    /// <summary>Writes every setting, in the order <see cref="ReadFrom"/> reads them.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(OutputDrainTimeout.Ticks);
        writer.Write(OutputPartialLineWait.Ticks);
        writer.Write(WarmHosts);
        writer.Write(WarmHostsMax);
        writer.Write(WarmHostsIdle.Ticks);
        writer.Write(Tls);
        writer.Write(PidWatchInterval.Ticks);
        writer.Write(FullStackTraces);
        writer.Write(DisallowUnsafeTypes);
        writer.Write(SpillSize);
        writer.Write(PeerCheckInterval.Ticks);
        writer.Write(RingSize);
        writer.Write(RemoteWaitSlice.Ticks);
        writer.Write(SharedMemoryTransferHold.Ticks);
        writer.Write(SharedMemoryDomain);
        writer.Write(RemoteLease.Ticks);
        writer.Write(ExitFlushTimeout.Ticks);
        writer.Write(Pool.DispatchAhead.Ticks);
        writer.Write(Pool.MaxTasksAhead);
        writer.Write(Pool.PipelineBelow.Ticks);
        writer.Write(Pool.StallAfter.Ticks);
        writer.Write(Pool.OutcomeBatch);
        writer.Write(Pool.OutcomeDelay.Ticks);
        writer.Write(Pool.BootFailureLimit);
        writer.Write(Pool.RouterTimeout.Ticks);
    }

    private static TimeSpan ReadTime(BinaryReader reader) => TimeSpan.FromTicks(reader.ReadInt64());
}
