// Constants and packed types shared by the Meridian RTL (docs/ARCHITECTURE.md, docs/RTL.md).
// Referenced by qualified names only (meridian_pkg::x): Yosys 0.23 rejects `import`.
package meridian_pkg;

  localparam int unsigned IDX_W = 8;         // axon and neuron indices (up to 256 each)
  localparam int unsigned V_W = 20;          // membrane potential
  localparam int unsigned ACC_W = 21;        // V plus up to 256 synaptic terms (section 3.1)
  localparam int unsigned DELAY_SLOTS = 16;  // scheduler rows
  localparam int unsigned CNT_W = 32;        // per-tick counters
  localparam int unsigned CORE_ID_W = 16;    // core index y*width+x
  localparam int unsigned TAG_W = CORE_ID_W + IDX_W;  // verification sideband: emitting neuron
  localparam int unsigned PKT_W = 30;        // dx | dy | axon | tick (section 6.1)
  localparam int unsigned FLIT_W = TAG_W + PKT_W;
  localparam int unsigned PARAM_W = 146;     // neuron_param_t
  localparam logic [31:0] PRNG_D = 32'h6D657269;

  // Router ports, in fixed arbitration priority order (section 7.2).
  localparam int unsigned DIR_N = 0;
  localparam int unsigned DIR_E = 1;
  localparam int unsigned DIR_S = 2;
  localparam int unsigned DIR_W = 3;
  localparam int unsigned DIR_L = 4;

  // Counters of one core, in the order of golden/counters.h minus the router's five.
  localparam int unsigned CORE_CNTS = 9;
  localparam int unsigned RTR_CNTS = 5;   // hops N, E, S, W, offchip_out

  // Controller states (section 7.1). ROW is the IDLE state's cycle in which tick_start_i is high.
  typedef enum logic [1:0] {
    CtrlIdle   = 2'd0,
    CtrlLoad   = 2'd1,
    CtrlInteg  = 2'd2,
    CtrlUpdate = 2'd3
  } ctrl_state_e;

  // Spike packet, most significant field first (section 6.1). dx, dy are two's complement.
  typedef struct packed {
    logic [8:0] dx;
    logic [8:0] dy;
    logic [7:0] axon;
    logic [3:0] tick;
  } packet_t;

  // One neuron's parameters and destination as stored in the parameter memory. Listed MSB first;
  // docs/RTL.md gives the LSB-based bit offsets the configuration driver uses. Signed fields are
  // two's complement and converted with $signed() where used.
  typedef struct packed {
    logic [3:0] delay;
    logic [7:0] dest_axon;
    logic [8:0] dy;
    logic [8:0] dx;
    logic       has_dest;
    logic [19:0] reset_v;      // R
    logic       kappa;         // neg_saturate
    logic [1:0] gamma;         // reset mode
    logic [4:0] tm;            // threshold mask bits
    logic [17:0] beta;
    logic [17:0] alpha;
    logic       leak_rev;      // epsilon
    logic       stoch_leak;    // c_lambda
    logic [8:0] leak;          // lambda
    logic [3:0] stoch_syn;     // b_G, bit G
    logic [8:0] weight3;
    logic [8:0] weight2;
    logic [8:0] weight1;
    logic [8:0] weight0;
  } neuron_param_t;

  // Configuration port address fields (docs/RTL.md).
  localparam logic [1:0] CFG_SPACE_CORE = 2'd0;
  localparam logic [1:0] CFG_SPACE_CHIP = 2'd1;
  localparam logic [2:0] CFG_REG_SEED = 3'd0;
  localparam logic [2:0] CFG_REG_AXON_TYPE = 3'd1;
  localparam logic [2:0] CFG_REG_ENABLE = 3'd2;
  localparam logic [2:0] CFG_REG_POTENTIAL = 3'd3;
  localparam logic [2:0] CFG_REG_CROSSBAR = 3'd4;
  localparam logic [2:0] CFG_REG_PARAM = 3'd5;
  localparam logic [10:0] CFG_CHIP_TICK = 11'd0;
  localparam logic [10:0] CFG_CHIP_PERIOD = 11'd1;

endpackage
