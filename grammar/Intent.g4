// The grammar of the Intent policy language, v1 (docs/language.md §3 to §7).
// C++ is generated from it at build time; compiler/parse turns the parse
// tree into our AST and nothing else sees ANTLR types.
//
// Design notes:
// - Expression levels are explicit rules (loosest first, as in the spec's
//   precedence table) rather than one left-recursive rule, so that every
//   nesting level is visible to the parser's depth limit.
// - Comparisons do not chain: `a < b < c` is a syntax error.
// - Some keywords are "soft": they may also be used as names (a field called
//   `to`, `for` or `default`). After a dot any keyword is a field name.
// - Malformed numbers and unterminated strings are tokens of their own so the
//   AST builder can explain them instead of a generic syntax error.
grammar Intent;

module_ : header? item* EOF ;

header : POLICY STRING FOR ident headerItem* ;

headerItem
  : APPLIES TO agentRef (',' agentRef)*   # appliesTo
  | TIMEZONE STRING                        # timezoneItem
  | DEFAULT defaultEffect=(DENY | ASK)     # defaultItem
  ;

agentRef : AGENT STRING ;

item : letDecl | rule_ ;

letDecl : LET ident '=' expr ;

rule_ : annotation* effect=(ALLOW | ASK | FORBID) target clause* ;

annotation : '@' ident ('(' (STRING (',' STRING)*)? ')')? ;

target
  : ANYTHING                                            # anythingTarget
  | OPERATION operationRef (',' operationRef)*          # operationTarget
  | targetName (',' targetName)* (ON targetName (',' targetName)*)?  # verbTarget
  ;

operationRef : targetName ('.' fieldName)* ;

clause
  : WHEN expr                                        # whenClause
  | UNLESS expr                                      # unlessClause
  | LIMIT number PER durationLiteral (PER expr)?     # limitClause
  | BECAUSE STRING                                   # becauseClause
  | APPROVE WITHIN durationLiteral                   # approveClause
  ;

number : INT | BAD_NUMBER ;
durationLiteral : DURATION | INT | BAD_NUMBER ;

expr : orExpr ;

orExpr : andExpr (OR andExpr)* ;

andExpr : notExpr (AND notExpr)* ;

notExpr
  : NOT notExpr        # notOperator
  | quantifier         # quantifierExpr
  | comparison         # comparisonExpr
  ;

quantifier : kind=(ALL | ANY | NONE) ident IN additive ':' expr ;

comparison
  : additive (comparisonOperator additive)? ;

comparisonOperator
  : '==' | '!=' | '<' | '<=' | '>' | '>='
  | IN | NOT IN | CONTAINS | STARTS_WITH | ENDS_WITH | MATCHES
  ;

additive : unary (additiveOperator unary)* ;
additiveOperator : '+' | '-' ;

unary
  : '-' unary          # negate
  | postfix            # postfixExpr
  ;

postfix : primary postfixOperator* ;

postfixOperator
  : '.' fieldName      # fieldAccess
  | '[' expr ']'       # indexAccess
  ;

primary
  : literal                                     # literalExpr
  | '[' (expr (',' expr)* ','?)? ']'            # listExpr
  | '(' expr ')'                                # parenExpr
  | HAS ident postfixOperator*                  # hasExpr
  | COUNT '(' target WITHIN durationLiteral ')' # countExpr
  | ident '(' (expr (',' expr)*)? ')'           # callExpr
  | ident                                       # nameExpr
  ;

literal : TRUE | FALSE | INT | DURATION | BAD_NUMBER | STRING | UNTERMINATED_STRING ;

// Names usable for lets, variables, input fields and schemas.
ident
  : IDENT | TO | FOR | AGENT | APPLIES | POLICY | TIMEZONE | DEFAULT | DENY
  | OPERATION | ANYTHING | APPROVE
  ;

// Verbs, resources and operation names.
targetName : ident ;

// After a dot, every keyword is a plain field name (`message.to`).
fieldName
  : ident | ON | PER | WITHIN | LET | ALLOW | ASK | FORBID | WHEN | UNLESS
  | LIMIT | BECAUSE | OR | AND | NOT | IN | CONTAINS | STARTS_WITH | ENDS_WITH
  | MATCHES | ALL | ANY | NONE | HAS | COUNT | TRUE | FALSE
  ;

POLICY : 'policy' ;
FOR : 'for' ;
APPLIES : 'applies' ;
TO : 'to' ;
AGENT : 'agent' ;
TIMEZONE : 'timezone' ;
DEFAULT : 'default' ;
DENY : 'deny' ;
LET : 'let' ;
ALLOW : 'allow' ;
ASK : 'ask' ;
FORBID : 'forbid' ;
ON : 'on' ;
OPERATION : 'operation' ;
ANYTHING : 'anything' ;
WHEN : 'when' ;
UNLESS : 'unless' ;
LIMIT : 'limit' ;
PER : 'per' ;
BECAUSE : 'because' ;
APPROVE : 'approve' ;
OR : 'or' ;
AND : 'and' ;
NOT : 'not' ;
IN : 'in' ;
CONTAINS : 'contains' ;
STARTS_WITH : 'starts_with' ;
ENDS_WITH : 'ends_with' ;
MATCHES : 'matches' ;
ALL : 'all' ;
ANY : 'any' ;
NONE : 'none' ;
HAS : 'has' ;
COUNT : 'count' ;
WITHIN : 'within' ;
TRUE : 'true' ;
FALSE : 'false' ;

EQ : '==' ;
NE : '!=' ;
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;
PLUS : '+' ;
MINUS : '-' ;
ASSIGN : '=' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COMMA : ',' ;
DOT : '.' ;
COLON : ':' ;
AT : '@' ;

DURATION : DIGIT+ [smhdw] ;
// Digits run into letters (`10days`, `5y`): longer than DURATION, so the
// lexer prefers it, and the AST builder explains the mistake.
BAD_NUMBER : DIGIT+ [a-zA-Z_] [a-zA-Z_0-9]* ;
INT : DIGIT+ ;
IDENT : [a-zA-Z_] [a-zA-Z_0-9]* ;

STRING : '"' (ESCAPE | ~["\\\r\n])* '"' ;
// A string that reaches the end of its line without a closing quote.
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])* ;

COMMENT : '#' ~[\r\n]* -> skip ;
WHITESPACE : [ \t\r\n\f]+ -> skip ;

// Anything else: reported by the parser as an unexpected character.
ERROR_CHAR : . ;

fragment DIGIT : [0-9] ;
fragment ESCAPE : '\\' ~[\r\n] ;
