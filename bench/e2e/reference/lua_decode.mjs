// lua_decode, plain Node: the decoder's work (parse an access line into fields → JSON) is regex_parsing's.
import './regex_parsing.mjs';
