// Port of the seed's m6.py: one producer puts 0-29 in three bursts 4 s apart ("i am sleeping" after each),
// and 8 consumers print "time : pid : item". A consumer whose Get(timeout: 10 s) finds nothing leaves cleanly
// (the seed's consumers died with a traceback there). The seed also set a shared flag that nothing read; it
// is left out.
using Actors.Multiprocessing;
using Examples.M6;

var q = new ProcessQueue<int>();
var creater = new Process(() => Work.CreateNumber(q));
creater.Start();
for (var x = 0; x < 8; x++)
{
    var user = new Process(() => Work.RunProcess(q));
    user.Start();
}
