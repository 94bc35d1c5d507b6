/* Biproportional apportionment (Balinski & Demange 1989) as a separable convex programme
   (Gaffke & Pukelsheim 2008).

   Cell (r,c) of the weight matrix (e.g. municipality x education) receives
   x[r,c] = from[r,c] + sum{k} y[r,c,k] seats; its k-th seat costs
   log s(k-1) - log w[r,c]. Every row total and every column total is met exactly. The
   optimum is the biproportional divisor apportionment

       x[r,c] = round_s( w[r,c] / (rho[r] * gamma[c]) )   (clamped to [lo, hi])

   and the duals of the two margin constraints are the log divisors: rho[r] = exp(-u[r]),
   gamma[c] = exp(-v[c]). The constraint matrix is the incidence matrix of a bipartite graph
   with parallel arcs (a transportation problem), which is totally unimodular: the LP
   optimum is integral.

   Run: glpsol -m biproportional.mod -d DATA.dat -y allocation.txt
*/

set ROWS;
set COLS;
set CELLS within ROWS cross COLS;               /* cells with a weight; others hold 0 */
param rowtotal{ROWS}, integer, >= 0;
param coltotal{COLS}, integer, >= 0;
param w{CELLS}, >= 0;
param lo{CELLS}, integer, >= 0, default 0;
param hi{(r,c) in CELLS}, integer, >= lo[r,c], default min(rowtotal[r], coltotal[c]);
param method, symbolic;
param from{(r,c) in CELLS}, integer, >= lo[r,c], default lo[r,c];
param to{(r,c) in CELLS}, integer, >= from[r,c], <= hi[r,c],
      default (if w[r,c] = 0 then from[r,c] else hi[r,c]);
param maxseat := max{(r,c) in CELLS} to[r,c];

check: sum{r in ROWS} rowtotal[r] = sum{c in COLS} coltotal[c];
check: method in {"dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill", "adams", "dean"};

param s{n in 0..maxseat}, >= 0 :=
      if method = "dhondt"                then n + 1
 else if method = "sainte-lague"          then n + 0.5
 else if method = "modified-sainte-lague" then (if n = 0 then 0.7 else n + 0.5)
 else if method = "huntington-hill"       then sqrt(n * (n + 1))
 else if method = "adams"                 then n
 else if method = "dean"                  then (if n = 0 then 0 else 2 * n * (n + 1) / (2 * n + 1))
 else 0;

set S{(r,c) in CELLS} := from[r,c] + 1 .. to[r,c];

param cost{(r,c) in CELLS, k in S[r,c]} :=
      if s[k - 1] = 0 then -1e6 else log(s[k - 1]) - log(w[r,c]);

var y{(r,c) in CELLS, k in S[r,c]}, >= 0, <= 1;

minimize total_cost: sum{(r,c) in CELLS, k in S[r,c]} cost[r,c,k] * y[r,c,k];

s.t. row{r in ROWS}:
    sum{(r,c) in CELLS} (from[r,c] + sum{k in S[r,c]} y[r,c,k]) = rowtotal[r];
s.t. col{c in COLS}:
    sum{(r,c) in CELLS} (from[r,c] + sum{k in S[r,c]} y[r,c,k]) = coltotal[c];

solve;

printf{(r,c) in CELLS} "%s,%s,%d\n", r, c, from[r,c] + round(sum{k in S[r,c]} y[r,c,k]);

end;
