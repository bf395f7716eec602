namespace Actors.Multiprocessing.Tests;

/// <summary>A TestKit whose ActorSystem is handed to the library, so the specs can see its supervisors and channels.</summary>
public abstract class FamilyTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected FamilyTestKit()
        : base(ProcessRuntime.DefaultSetup)
    {
        ProcessRuntime.UseActorSystem(Sys);
    }
}
