/* Apportionment as a separable convex programme (Gaffke & Pukelsheim 2008).

   Seats are handed out one at a time. The k-th seat of unit i is the 0/1 variable y[i,k];
   unit i receives x[i] = from[i] + sum{k} y[i,k] seats. A divisor method gives the k-th seat
   the cost

       c[i,k] = log s(k-1) - log w[i]          (s = the method's signposts)

   which increases with k, so an optimum fills each unit's seats in order, and minimising the
   total cost hands out exactly the seats of highest priority w[i] / s(k-1): the divisor
   method's allocation, with floors lo[i] and caps hi[i] (Pukelsheim's divisor methods with
   restrictions). Largest remainder uses c[i,k] = (k - 1) - quota[i] instead, which
   minimises the sum of squared deviations from the (restricted) quota.

   The constraint matrix is a single row of ones (an interval matrix), totally unimodular:
   the LP optimum is integral, no integer programming is needed.

   Run: glpsol -m apportion.mod -d DATA.dat -y allocation.txt
*/

set U;                                          /* units, by id (always quoted strings) */
param seats, integer, >= 0;                     /* places to allocate */
param w{U}, >= 0;                               /* weights: population, key shares, ... */
param lo{U}, integer, >= 0, default 0;          /* floors */
param hi{i in U}, integer, >= lo[i], default seats;  /* caps */
param method, symbolic;                         /* dhondt, sainte-lague, modified-sainte-lague,
                                                   huntington-hill, adams, dean, largest-remainder */

/* The seats searched. By default everything between floor and cap; an exporter may narrow it
   to a window it has proved contains the optimum (the certificate: no seat outside has a
   higher priority than a seat inside). A zero weight keeps a unit at its floor. */
param from{i in U}, integer, >= lo[i], default lo[i];
param to{i in U}, integer, >= from[i], <= hi[i], default (if w[i] = 0 then from[i] else hi[i]);

/* Largest remainder: the quota, lambda * w[i] clamped to [lo, hi]; without floors or caps it
   is the Hare quota seats * w[i] / sum w. */
param quota{i in U}, default seats * w[i] / (sum{j in U} w[j]);

/* Signposts s(n) of the divisor methods. */
param s{n in 0..seats}, >= 0 :=
      if method = "dhondt"                then n + 1
 else if method = "sainte-lague"          then n + 0.5
 else if method = "modified-sainte-lague" then (if n = 0 then 0.7 else n + 0.5)
 else if method = "huntington-hill"       then sqrt(n * (n + 1))
 else if method = "adams"                 then n
 else if method = "dean"                  then (if n = 0 then 0 else 2 * n * (n + 1) / (2 * n + 1))
 else 0;

check: method in {"dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill",
                  "adams", "dean", "largest-remainder"};
check: sum{i in U} lo[i] <= seats;
check: sum{i in U} to[i] >= seats;

set S{i in U} := from[i] + 1 .. to[i];          /* the seats of unit i that are decided */

/* The cost of the k-th seat; s(0) = 0 (Adams, Huntington-Hill, Dean) makes the first seat free. */
param c{i in U, k in S[i]} :=
      if method = "largest-remainder" then (k - 1) - quota[i]
 else if s[k - 1] = 0 then -1e6
 else log(s[k - 1]) - log(w[i]);

var y{i in U, k in S[i]}, >= 0, <= 1;

minimize cost: sum{i in U, k in S[i]} c[i, k] * y[i, k];

s.t. total: sum{i in U} (from[i] + sum{k in S[i]} y[i, k]) = seats;

solve;

printf{i in U} "%s,%d\n", i, from[i] + round(sum{k in S[i]} y[i, k]);

end;
