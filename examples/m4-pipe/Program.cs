// Port of the seed's Pipe example (m4.py with Pipe): a child sends [42, None, 'hello'] and closes its end.
using Actors.Multiprocessing;
using Examples;
using Examples.M4Pipe;

var (parentConn, childConn) = Pipe.Create<object?[]>();
var p = new Process(() => Work.F(childConn));
p.Start();
Console.WriteLine(PythonRepr.Of(parentConn.Recv()));   // prints "[42, None, 'hello']"
p.Join();
