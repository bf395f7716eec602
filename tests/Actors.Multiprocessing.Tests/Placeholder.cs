namespace Actors.Multiprocessing.Tests;
